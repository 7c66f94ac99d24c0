package iptc

import (
	"encoding/binary"
	"slices"
	"testing"
	"time"
)

// app13 builds a JPEG start with an APP13 segment holding the given IIM datasets.
func app13(sets ...[]byte) []byte {
	var iim []byte
	for _, s := range sets {
		iim = append(iim, s...)
	}
	res := append([]byte("8BIM\x04\x04\x00\x00"), binary.BigEndian.AppendUint32(nil, uint32(len(iim)))...)
	res = append(res, iim...)
	if len(iim)%2 == 1 {
		res = append(res, 0)
	}
	// another resource first, with a name, to walk past
	other := append([]byte("8BIM\x03\xed\x03abc"), binary.BigEndian.AppendUint32(nil, 3)...)
	other = append(other, 1, 2, 3, 0)
	seg := append(append([]byte("Photoshop 3.0\x00"), other...), res...)
	n := 2 + len(seg)
	out := append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xed, byte(n >> 8), byte(n)}, seg...)
	return append(out, 0xff, 0xda, 0, 2)
}

func set(tag byte, v string) []byte {
	return append([]byte{0x1c, 2, tag, byte(len(v) >> 8), byte(len(v))}, v...)
}

func TestParse(t *testing.T) {
	b := app13(set(25, "Jeju"), set(25, "바다"), set(25, "jeju"), set(25, "\xff\xfeLatin-1?"), set(55, "20150803"), set(60, "081500+0900"))
	m := Parse(b)
	if !slices.Equal(m.Keywords, []string{"Jeju", "바다"}) {
		t.Errorf("Keywords = %q", m.Keywords)
	}
	want := time.Date(2015, 8, 3, 8, 15, 0, 0, time.FixedZone("", 9*3600))
	if !m.Taken.Equal(want) || !m.TakenOffset {
		t.Errorf("Taken = %v, %v; want %v with offset", m.Taken, m.TakenOffset, want)
	}
	if m := Parse(app13(set(55, "20150803"))); !m.Taken.Equal(time.Date(2015, 8, 3, 0, 0, 0, 0, time.UTC)) || m.TakenOffset {
		t.Errorf("date only: Taken = %v, %v", m.Taken, m.TakenOffset)
	}
	for n := range len(b) {
		Parse(b[:n]) // every truncation is safe
	}
	if m := Parse([]byte("\xff\xd8\xff\xdb")); m.Keywords != nil || !m.Taken.IsZero() {
		t.Errorf("Parse(no IPTC) = %+v", m)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(app13(set(25, "Jeju"), set(55, "20150803"), set(60, "081500+0900")))
	f.Fuzz(func(t *testing.T, b []byte) {
		if m := Parse(b); len(m.Keywords) > MaxKeywords {
			t.Errorf("%d keywords", len(m.Keywords))
		}
	})
}
