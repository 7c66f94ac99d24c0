package search

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
)

var update = flag.Bool("update", false, "rewrite testdata/mapping-v*.json golden files")

// TestMappingGolden fails when the mapping changes while mappingVersion stays the same: an index built by the old
// code would then be read with the new mapping. Bump mappingVersion and run `go test ./search -run Golden -update`.
func TestMappingGolden(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatalf("newMapping: %v", err)
	}
	got, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatalf("marshal mapping: %v", err)
	}
	golden := filepath.Join("testdata", "mapping-v"+mappingVersion+".json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatalf("update golden: %v", err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("no golden file for mapping version %s (new version? run with -update): %v", mappingVersion, err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Fatalf("mapping differs from %s: bump mappingVersion in mapping.go, then run with -update", golden)
	}
}

// TestMappingAnalyzers shows what each analyzer makes of typical values.
func TestMappingAnalyzers(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatalf("newMapping: %v", err)
	}
	tests := []struct {
		analyzer, in string
		want         []string
	}{
		{analyzerParts, "IMG_20150803_081500.JPG", []string{"img", "20150803", "081500", "jpg"}},
		{analyzerParts, "DSC01234.ARW", []string{"dsc", "01234", "arw"}},
		{analyzerParts, "Canon EOS 5D Mark IV", []string{"canon", "eos", "5", "d", "mark", "iv"}},
		{analyzerParts, "iPhone12 Pro", []string{"iphone", "12", "pro"}},
		{analyzerParts, "EF24-70mm f/2.8L", []string{"ef", "24", "70", "mm", "f", "2", "8", "l"}},
		{analyzerParts, "제주도_2015.jpg", []string{"제주도", "2015", "jpg"}},
		{analyzerWhole, "IMG_1234.JPG", []string{"img_1234.jpg"}},
		{analyzerParts, "\u1110\u1161\u11a8-\u110c\u1161.jpg", []string{"탁", "자", "jpg"}}, // NFD jamo
		{analyzerWhole, "Cafe\u0301.JPG", []string{"café.jpg"}},
		{analyzerWords, "강아지 Dog", []string{"강아지", "dog"}},
	}
	for _, tt := range tests {
		if got := analyze(m, tt.analyzer, tt.in); !equalWords(got, tt.want) {
			t.Errorf("%s(%q) = %q, want %q", tt.analyzer, tt.in, got, tt.want)
		}
	}
}

func analyze(m *mapping.IndexMappingImpl, analyzer, in string) []string {
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	return tokenTerms(a.Analyze([]byte(in)))
}
