package ocr

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// spaceRescue is the space probability at which a blank step between two
// characters still counts as a space. The model under-rates spaces in
// small print: on the page fixture the gap in "Region-based segmentation"
// had space 0.45 against blank 0.55.
const spaceRescue = 0.25

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
	space := len(d.keys) + 1
	var sb strings.Builder
	var sum float64
	n, prev := 0, 0
	gap := false // a blank step since the last character looked like a space
	for t := range steps {
		row := probs[t*classes : (t+1)*classes]
		best, bestP := argmax(row)
		if best == 0 && space < classes && row[space] >= spaceRescue {
			gap = true
		}
		if best != 0 && best != prev {
			if s := d.text(best); s != "" {
				if gap && best != space && n > 0 && !strings.HasSuffix(sb.String(), " ") {
					sb.WriteByte(' ')
				}
				sb.WriteString(s)
				sum += float64(bestP)
				n++
				gap = false
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

// argmax returns the index and value of the largest element of a non-empty
// row; NaNs never win over the first element.
func argmax(row []float32) (int, float32) {
	best, bestP := 0, row[0]
	for c, p := range row[1:] {
		if p > bestP {
			best, bestP = c+1, p
		}
	}
	return best, bestP
}
