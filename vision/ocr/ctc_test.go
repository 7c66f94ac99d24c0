package ocr

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// steps builds a probability matrix where step t gives class seq[t] the
// probability p and spreads the rest evenly over the other classes.
func steps(seq []int, classes int, p float32) []float32 {
	out := make([]float32, len(seq)*classes)
	for t, c := range seq {
		for k := range classes {
			out[t*classes+k] = (1 - p) / float32(classes-1)
		}
		out[t*classes+c] = p
	}
	return out
}

func TestDecodeCTC(t *testing.T) {
	d := dictionary{keys: []string{"a", "b", "가"}} // classes: 0 blank, 1 a, 2 b, 3 가, 4 space
	tests := []struct {
		name      string
		seq       []int
		classes   int
		want      string
		wantScore float32
	}{
		{"collapse repeats, blank splits", []int{1, 1, 0, 1, 2, 4, 4, 3}, 5, "aab 가", 0.9},
		{"all blank", []int{0, 0, 0}, 5, "", 0},
		{"spaces trimmed", []int{4, 1, 0, 4}, 5, "a", 0.9},
		{"only spaces", []int{4, 0, 4}, 5, "", 0},
		{"class beyond the keys ignored", []int{1, 5, 2}, 6, "ab", 0.9},
		{"empty", nil, 5, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, score := d.decodeCTC(steps(tt.seq, tt.classes, 0.9), len(tt.seq), tt.classes)
			if got != tt.want || math.Abs(float64(score-tt.wantScore)) > 1e-6 {
				t.Errorf("decodeCTC(%v) = %q, %v, want %q, %v", tt.seq, got, score, tt.want, tt.wantScore)
			}
		})
	}
}

// TestDecodeCTCSpaceRescue checks that a blank step with a likely space
// between two characters becomes a space, and nowhere else.
func TestDecodeCTCSpaceRescue(t *testing.T) {
	d := dictionary{keys: []string{"a", "b"}} // 0 blank, 1 a, 2 b, 3 space
	row := func(blank, a, b, space float32) []float32 { return []float32{blank, a, b, space} }
	tests := []struct {
		name string
		rows [][]float32
		want string
	}{
		{"likely space", [][]float32{row(0, 1, 0, 0), row(0.55, 0, 0, 0.45), row(0, 0, 1, 0)}, "a b"},
		{"unlikely space", [][]float32{row(0, 1, 0, 0), row(0.8, 0, 0, 0.2), row(0, 0, 1, 0)}, "ab"},
		{"not before the first character", [][]float32{row(0.55, 0, 0, 0.45), row(0, 1, 0, 0)}, "a"},
		{"not after the last", [][]float32{row(0, 1, 0, 0), row(0.55, 0, 0, 0.45)}, "a"},
		{"no double space", [][]float32{row(0, 1, 0, 0), row(0, 0, 0, 1), row(0.55, 0, 0, 0.45), row(0, 0, 1, 0)}, "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var probs []float32
			for _, r := range tt.rows {
				probs = append(probs, r...)
			}
			if got, _ := d.decodeCTC(probs, len(tt.rows), 4); got != tt.want {
				t.Errorf("decodeCTC = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeCTCShortInput(t *testing.T) {
	d := dictionary{keys: []string{"a"}}
	for _, tc := range []struct{ n, steps, classes int }{{5, 2, 3}, {6, 2, 0}, {6, -1, 3}, {0, 1, 1}} {
		if got, score := d.decodeCTC(make([]float32, tc.n), tc.steps, tc.classes); got != "" || score != 0 {
			t.Errorf("decodeCTC(len %d, %d, %d) = %q, %v, want empty", tc.n, tc.steps, tc.classes, got, score)
		}
	}
}

func TestReadKeys(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr bool
	}{
		{"lf", "a\nb\n가", []string{"a", "b", "가"}, false},
		{"crlf and trailing newline", "a\r\nb\r\n", []string{"a", "b"}, false},
		{"empty", "", nil, true},
		{"not utf-8", "a\n\xff\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readKeys(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("readKeys(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if strings.Join(d.keys, "|") != strings.Join(tt.want, "|") {
				t.Errorf("readKeys(%q) = %q, want %q", tt.in, d.keys, tt.want)
			}
			if err == nil && d.classes() != len(tt.want)+2 {
				t.Errorf("classes() = %d, want %d", d.classes(), len(tt.want)+2)
			}
		})
	}
}

// FuzzDecodeCTC feeds arbitrary matrices (including NaN and infinities)
// and checks the decoder neither panics nor returns invalid UTF-8, and that
// the score of a proper probability matrix stays within 0..1.
func FuzzDecodeCTC(f *testing.F) {
	f.Add([]byte{0, 255, 3, 9, 200, 1, 255, 0}, uint8(4))
	f.Add([]byte{0xff, 0xff, 0xc0, 0x7f, 1, 2, 3, 4}, uint8(2))
	f.Add([]byte{}, uint8(0))
	d := dictionary{keys: []string{"a", "é", "가", "😀", " "}}
	f.Fuzz(func(t *testing.T, raw []byte, classes uint8) {
		n := int(classes)
		// As bytes: a valid matrix of values 0..1.
		probs := make([]float32, len(raw))
		for i, b := range raw {
			probs[i] = float32(b) / 255
		}
		steps := 0
		if n > 0 {
			steps = len(probs) / n
		}
		s, score := d.decodeCTC(probs, steps, n)
		if !utf8.ValidString(s) || score < 0 || score > 1 {
			t.Fatalf("decodeCTC = %q, %v: want valid UTF-8 and a score in 0..1", s, score)
		}
		// As raw float32 bits: anything, NaN and Inf included.
		bits := make([]float32, len(raw)/4)
		for i := range bits {
			bits[i] = math.Float32frombits(uint32(raw[4*i]) | uint32(raw[4*i+1])<<8 | uint32(raw[4*i+2])<<16 | uint32(raw[4*i+3])<<24)
		}
		if n > 0 {
			steps = len(bits) / n
		}
		if s, _ := d.decodeCTC(bits, steps, n); !utf8.ValidString(s) {
			t.Fatalf("decodeCTC(bits) = %q: invalid UTF-8", s)
		}
	})
}
