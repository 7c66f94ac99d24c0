package main

import "testing"

func TestParseBytes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{{"", 0, true}, {"none", 0, true}, {"0", 0, true}, {"1234", 1234, true}, {"20GB", 20e9, true}, {"1.5 GiB", 3 << 29, true},
		{"500mb", 500e6, true}, {"-1GB", 0, false}, {"lots", 0, false}, {"GB", 0, false}} {
		got, err := parseBytes(c.in)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("parseBytes(%q) = %d, %v; want %d, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}
