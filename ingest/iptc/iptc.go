// Package iptc reads the IPTC-IIM keywords and creation date that older photo tools (Picasa,
// Photoshop before XMP, newspaper workflows) wrote into a JPEG's APP13 segment.
//
// Only JPEG is read: Photoshop's "Photoshop 3.0" APP13 segment, its 8BIM resource 0x0404, and in
// it the datasets 2:25 (Keywords), 2:55 (DateCreated) and 2:60 (TimeCreated). Text is kept
// when it is valid UTF-8 (the encoding dataset 1:90 declares for any modern writer) and dropped
// otherwise: an older local encoding cannot be told from the bytes. Reading is bounded by the
// segment, never panics and keeps at most MaxKeywords keywords.
package iptc

import (
	"bytes"
	"encoding/binary"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxKeywords caps the keywords kept.
const MaxKeywords = 200

// Meta is what Sajin reads from IPTC-IIM.
type Meta struct {
	// Keywords are 2:25, trimmed, without duplicates.
	Keywords []string
	// Taken is 2:55 with 2:60: with its offset when 2:60 gives one (TakenOffset), else a
	// wall-clock time stored as time.UTC, as package exif does.
	Taken       time.Time
	TakenOffset bool
}

// Parse reads the IPTC of a JPEG whose first bytes are b; a file without IPTC gives a zero Meta.
func Parse(b []byte) Meta {
	var m Meta
	if data := jpegIPTC(b); data != nil {
		m = datasets(data)
	}
	return m
}

// jpegIPTC returns the IPTC block of the first APP13 segment that has one.
func jpegIPTC(b []byte) []byte {
	if !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
		return nil
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return nil
		}
		marker := b[i+1]
		switch {
		case marker == 0xff:
			i++
			continue
		case marker == 0xda || marker == 0xd9:
			return nil
		case marker >= 0xd0 && marker <= 0xd8 || marker == 0x01:
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 {
			return nil
		}
		seg := b[i+4 : min(i+2+n, len(b))]
		if marker == 0xed && bytes.HasPrefix(seg, []byte("Photoshop 3.0\x00")) {
			if data := resource(seg[14:], 0x0404); data != nil {
				return data
			}
		}
		i += 2 + n
	}
	return nil
}

// resource returns the data of Photoshop image resource id in a block of 8BIM resources.
func resource(b []byte, id uint16) []byte {
	for len(b) >= 12 && string(b[:4]) == "8BIM" {
		rid := binary.BigEndian.Uint16(b[4:])
		nameLen := int(b[6])
		p := 7 + nameLen
		if p%2 == 1 { // the Pascal name is padded to an even length
			p++
		}
		if p+4 > len(b) {
			return nil
		}
		size := int(binary.BigEndian.Uint32(b[p:]))
		p += 4
		if size < 0 || size > len(b)-p {
			return nil
		}
		if rid == id {
			return b[p : p+size]
		}
		p += size + size%2
		if p > len(b) {
			return nil
		}
		b = b[p:]
	}
	return nil
}

// datasets reads the IIM datasets Sajin uses.
func datasets(b []byte) Meta {
	var m Meta
	seen := map[string]bool{}
	var date, clock string
	for len(b) >= 5 && b[0] == 0x1c {
		record, tag := b[1], b[2]
		size := int(binary.BigEndian.Uint16(b[3:]))
		if size&0x8000 != 0 || 5+size > len(b) { // extended lengths are for large binary data only
			break
		}
		value := b[5 : 5+size]
		b = b[5+size:]
		if record != 2 || !utf8.Valid(value) {
			continue
		}
		text := strings.TrimSpace(strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return -1
			}
			return r
		}, string(value)))
		switch tag {
		case 25:
			if k := strings.ToLower(text); text != "" && !seen[k] && len(m.Keywords) < MaxKeywords {
				seen[k] = true
				m.Keywords = append(m.Keywords, text)
			}
		case 55:
			date = text
		case 60:
			clock = text
		}
	}
	m.Taken, m.TakenOffset = when(date, clock)
	return m
}

// when combines 2:55 (CCYYMMDD) and 2:60 (HHMMSS, optionally followed by ±HHMM).
func when(date, clock string) (time.Time, bool) {
	d, err := time.Parse("20060102", date)
	if err != nil || d.Year() < 1800 || d.Year() > 2200 {
		return time.Time{}, false
	}
	if t, err := time.Parse("20060102150405-0700", date+clock); err == nil && len(clock) == 11 {
		_, off := t.Zone()
		return t.In(time.FixedZone("", off)), true
	}
	if t, err := time.Parse("20060102150405", date+clock); err == nil && len(clock) == 6 {
		return t, false
	}
	return d, false
}
