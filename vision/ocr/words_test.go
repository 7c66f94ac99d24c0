package ocr

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"sign", []string{"NOTICE", "DOUBLE", "PARKING", "AT ALL TIMES"}, []string{"notice", "double", "parking", "at", "all", "times"}},
		{"punctuation and duplicates", []string{"background.These markers", "np.zeros_like(coins)", "Markers!"}, []string{"background", "these", "markers", "np", "zeros", "like", "coins"}},
		{"short tokens dropped", []string{"A b 5 O", "x1 22"}, []string{"x1", "22"}},
		{"accents and other scripts", []string{"Café crème", "停车 场", "주차 금지"}, []string{"café", "crème", "停车", "场", "주차", "금지"}},
		{"junk only", []string{"+", "￥", "...", ""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines []Line
			for _, s := range tt.lines {
				lines = append(lines, Line{Text: s, Score: 1})
			}
			if got := Words(lines); !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.lines, got, tt.want)
			}
		})
	}
}
