package models

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
)

// ErrBundle is returned when a JavaScript bundle does not hold the model
// data in the one shape this file understands.
var ErrBundle = errors.New("models: unrecognised JavaScript model bundle")

// Some npm packages (nsfwjs) ship TF.js models as browserify bundles: a
// model.json written as a JavaScript object literal ("exports={format:...}")
// and each weight shard as a base64 string ("exports=\"...\""). These
// functions read that data without running any JavaScript.

// maxBundleDepth bounds nesting so hostile input cannot exhaust the stack.
const maxBundleDepth = 64

// bundleJSON returns the first `exports={...}` object literal of js as JSON.
func bundleJSON(js []byte) ([]byte, error) {
	i := bytes.Index(js, []byte("exports={"))
	if i < 0 {
		return nil, fmt.Errorf("%w: no exports={...}", ErrBundle)
	}
	p := &literalParser{src: js, pos: i + len("exports=")}
	if err := p.value(0); err != nil {
		return nil, err
	}
	return p.out.Bytes(), nil
}

// bundleBase64 returns the bytes of the first `exports="..."` base64 string.
func bundleBase64(js []byte) ([]byte, error) {
	const prefix = `exports="`
	i := bytes.Index(js, []byte(prefix))
	if i < 0 {
		return nil, fmt.Errorf("%w: no exports=\"...\"", ErrBundle)
	}
	rest := js[i+len(prefix):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return nil, fmt.Errorf("%w: unterminated string", ErrBundle)
	}
	b, err := base64.StdEncoding.DecodeString(string(rest[:j]))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBundle, err)
	}
	return b, nil
}

// literalParser converts a JavaScript object literal made of objects,
// arrays, strings without escapes other than JSON's, numbers, true/false/
// null and !0/!1 into JSON. Keys may be bare identifiers.
type literalParser struct {
	src []byte
	pos int
	out bytes.Buffer
}

func (p *literalParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: at byte %d: %s", ErrBundle, p.pos, fmt.Sprintf(format, args...))
}

func (p *literalParser) peek() byte {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\n' || p.src[p.pos] == '\t' || p.src[p.pos] == '\r') {
		p.pos++
	}
	if p.pos >= len(p.src) {
		return 0
	}
	return p.src[p.pos]
}

func (p *literalParser) value(depth int) error {
	if depth > maxBundleDepth {
		return p.errorf("nested too deeply")
	}
	switch c := p.peek(); {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == '!':
		return p.negation()
	case c == '-' || c == '.' || (c >= '0' && c <= '9'):
		return p.number()
	case isIdentStart(c):
		switch w := p.ident(); w {
		case "true", "false", "null":
			p.out.WriteString(w)
			return nil
		default:
			return p.errorf("unexpected identifier %q", w)
		}
	default:
		return p.errorf("unexpected %q", c)
	}
}

func (p *literalParser) object(depth int) error {
	p.pos++
	p.out.WriteByte('{')
	for k := 0; ; k++ {
		if p.peek() == '}' {
			p.pos++
			p.out.WriteByte('}')
			return nil
		}
		if k > 0 {
			if p.peek() != ',' {
				return p.errorf("want , or }")
			}
			p.pos++
			p.out.WriteByte(',')
		}
		if err := p.key(); err != nil {
			return err
		}
		if p.peek() != ':' {
			return p.errorf("want :")
		}
		p.pos++
		p.out.WriteByte(':')
		if err := p.value(depth + 1); err != nil {
			return err
		}
	}
}

func (p *literalParser) key() error {
	c := p.peek()
	if c == '"' {
		return p.str()
	}
	if !isIdentStart(c) {
		return p.errorf("want a key")
	}
	p.out.WriteString(strconv.Quote(p.ident()))
	return nil
}

func (p *literalParser) array(depth int) error {
	p.pos++
	p.out.WriteByte('[')
	for k := 0; ; k++ {
		if p.peek() == ']' {
			p.pos++
			p.out.WriteByte(']')
			return nil
		}
		if k > 0 {
			if p.peek() != ',' {
				return p.errorf("want , or ]")
			}
			p.pos++
			p.out.WriteByte(',')
		}
		if err := p.value(depth + 1); err != nil {
			return err
		}
	}
}

// str copies a double-quoted string; only JSON's escapes are accepted.
func (p *literalParser) str() error {
	start := p.pos
	p.pos++
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == '\\':
			if err := p.escape(); err != nil {
				return err
			}
		case c == '"':
			p.pos++
			p.out.Write(p.src[start:p.pos])
			return nil
		case c < 0x20:
			return p.errorf("control character in string")
		default:
			p.pos++
		}
	}
	return p.errorf("unterminated string")
}

// escape skips one JSON escape sequence (\" \\ \/ \b \f \n \r \t \uXXXX).
func (p *literalParser) escape() error {
	if p.pos+1 >= len(p.src) || !bytes.ContainsRune([]byte(`"\/bfnrtu`), rune(p.src[p.pos+1])) {
		return p.errorf("unsupported escape")
	}
	if p.src[p.pos+1] != 'u' {
		p.pos += 2
		return nil
	}
	if p.pos+6 > len(p.src) {
		return p.errorf("short \\u escape")
	}
	if _, err := strconv.ParseUint(string(p.src[p.pos+2:p.pos+6]), 16, 16); err != nil {
		return p.errorf("bad \\u escape")
	}
	p.pos += 6
	return nil
}

// negation handles the minifier's !0 (true) and !1 (false).
func (p *literalParser) negation() error {
	p.pos++
	if p.pos < len(p.src) && (p.src[p.pos] == '0' || p.src[p.pos] == '1') {
		p.out.WriteString(map[byte]string{'0': "true", '1': "false"}[p.src[p.pos]])
		p.pos++
		return nil
	}
	return p.errorf("unsupported ! expression")
}

// number rewrites a JavaScript number (".5", "-.5", "5.", "1e-7") as JSON.
func (p *literalParser) number() error {
	start := p.pos
	for p.pos < len(p.src) && bytes.IndexByte([]byte("+-.0123456789eE"), p.src[p.pos]) >= 0 {
		p.pos++
	}
	f, err := strconv.ParseFloat(string(p.src[start:p.pos]), 64)
	if err != nil {
		return p.errorf("bad number %q", p.src[start:p.pos])
	}
	p.out.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	return nil
}

func (p *literalParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) && (isIdentStart(p.src[p.pos]) || (p.src[p.pos] >= '0' && p.src[p.pos] <= '9')) {
		p.pos++
	}
	return string(p.src[start:p.pos])
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
