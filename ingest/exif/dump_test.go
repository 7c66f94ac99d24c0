package exif

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDumpSamples(t *testing.T) {
	dir := os.Getenv("SAMPLES")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		fh, _ := os.Open(f)
		m, err := Read(fh)
		fh.Close()
		g := ""
		if m.GPS != nil {
			g = fmt.Sprintf("%.6f,%.6f", m.GPS.Lat, m.GPS.Lon)
			if m.GPS.Alt != nil {
				g += fmt.Sprintf(" alt %.1f", *m.GPS.Alt)
			}
		}
		fmt.Printf("%s\n   %v off=%v o=%d gps=%s %q %q %q %dx%d f%.1f %s iso%d %.1fmm err=%v\n", filepath.Base(f), m.Taken, m.TakenOffset, m.Orientation, g, m.Make, m.Model, m.Lens, m.Width, m.Height, m.FNumber, m.ExposureTime, m.ISO, m.FocalLength, err)
	}
}
