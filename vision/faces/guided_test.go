package faces

import (
	"slices"
	"testing"
)

func TestGuided(t *testing.T) {
	tiles := fine(1024, 768) // 4 x 3 tiles of 384, starts 0, 213.3, 426.7, 640 and 0, 192, 384
	if len(tiles) != 12 {
		t.Fatalf("fine(1024, 768) = %d tiles, want 12", len(tiles))
	}
	at := func(cx, cy, side float64) candidate {
		return candidate{Box: squareBox(cx, cy, side), Score: 0.3}
	}
	tests := []struct {
		name  string
		cands []candidate
		want  []square
	}{
		{"none", nil, nil},
		{"top-left corner", []candidate{at(20, 20, 30)}, []square{tiles[0]}},
		{"nearest centre wins", []candidate{at(230, 400, 30)}, []square{tiles[4]}},
		{"two in one tile", []candidate{at(20, 20, 30), at(60, 40, 30)}, []square{tiles[0]}},
		{"large face: the big windows saw it", []candidate{at(200, 200, 200)}, nil},
		{"tile order kept", []candidate{at(1000, 750, 30), at(20, 20, 30)}, []square{tiles[0], tiles[11]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := guided(tiles, tt.cands); !slices.Equal(got, tt.want) {
				t.Errorf("guided = %v, want %v", got, tt.want)
			}
		})
	}
	if got := guided(nil, []candidate{at(20, 20, 30)}); got != nil {
		t.Errorf("guided(no tiles) = %v, want none", got)
	}
}
