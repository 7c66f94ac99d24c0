package ocr

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// dictionary maps recogniser classes to text: class 0 is the CTC blank,
// class i (1..len(keys)) is keys[i-1] and class len(keys)+1 is a space.
type dictionary struct {
	keys []string
}

// readKeys reads a PaddleOCR character list, one entry a line.
func readKeys(r io.Reader) (dictionary, error) {
	var d dictionary
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if !utf8.ValidString(line) {
			return dictionary{}, fmt.Errorf("ocr: keys line %d is not UTF-8", len(d.keys)+1)
		}
		d.keys = append(d.keys, line)
	}
	if err := sc.Err(); err != nil {
		return dictionary{}, fmt.Errorf("ocr: keys: %w", err)
	}
	if len(d.keys) == 0 {
		return dictionary{}, fmt.Errorf("ocr: keys: empty character list")
	}
	return d, nil
}

// classes is the number of recogniser outputs this dictionary expects.
func (d dictionary) classes() int { return len(d.keys) + 2 }

// text returns what class c stands for ("" for the blank or an unknown class).
func (d dictionary) text(c int) string {
	switch {
	case c >= 1 && c <= len(d.keys):
		return d.keys[c-1]
	case c == len(d.keys)+1:
		return " "
	}
	return ""
}

// decodeCTC greedily decodes one sequence: probs holds steps rows of
// classes probabilities. It takes the most likely class per step, collapses
// repeats, drops blanks, and scores the line as the mean probability of the
// characters it kept (0 when it kept none but spaces). The result is valid UTF-8 whatever the
// input, and spaces at either end are trimmed.
func (d dictionary) decodeCTC(probs []float32, steps, classes int) (string, float32) {
	if classes <= 0 || steps <= 0 || len(probs) < steps*classes {
		return "", 0
	}
	var sb strings.Builder
	var sum float64
	n, prev := 0, 0
	for t := range steps {
		row := probs[t*classes : (t+1)*classes]
		best, bestP := 0, row[0]
		for c, p := range row[1:] {
			if p > bestP {
				best, bestP = c+1, p
			}
		}
		if best != 0 && best != prev {
			if s := d.text(best); s != "" {
				sb.WriteString(s)
				sum += float64(bestP)
				n++
			}
		}
		prev = best
	}
	text := strings.TrimSpace(sb.String())
	if text == "" {
		return "", 0
	}
	return text, float32(sum / float64(n))
}
