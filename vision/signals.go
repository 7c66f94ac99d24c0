package vision

import (
	"math"

	"sajin/vision/pixels"
)

// Signals are cheap whole-image measures that help search: dominant colours, darkness, black and white.
type Signals struct {
	Colours    []Colour // dominant colours, largest share first
	Luma       float64  // mean luminance 0..255
	Saturation float64  // mean HSV saturation 0..1
	Mono       bool     // black and white (or a single tint)
}

// Colour is a named colour and the share of the image it covers.
type Colour struct {
	Key   string // a key of the label vocabulary ("red", "blue", ...)
	Share float64
}

// Thresholds of the signals, chosen on the development photos (docs/vision.md): a colour must cover a quarter of
// the picture to name it; a photo darker than 55 of 255 on average is "night"; one whose mean saturation is under
// 0.06 is black and white.
const (
	colourShare   = 0.25
	darkLuma      = 55
	monoSaturated = 0.06
)

// measure computes the signals on a small copy of the image (64x64 is plenty for colour shares).
func measure(small *pixels.RGB) Signals {
	counts := map[string]int{}
	var luma, sat float64
	n := small.W * small.H
	for i := range n {
		r, g, b := float64(small.Pix[3*i]), float64(small.Pix[3*i+1]), float64(small.Pix[3*i+2])
		h, s, v := hsv(r, g, b)
		luma += 0.299*r + 0.587*g + 0.114*b
		sat += s
		counts[colourName(h, s, v)]++
	}
	sig := Signals{Luma: luma / float64(n), Saturation: sat / float64(n)}
	sig.Mono = sig.Saturation < monoSaturated
	for key, c := range counts {
		if share := float64(c) / float64(n); share >= colourShare {
			sig.Colours = append(sig.Colours, Colour{Key: key, Share: share})
		}
	}
	sortColours(sig.Colours)
	return sig
}

func sortColours(c []Colour) {
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && (c[j].Share > c[j-1].Share || c[j].Share == c[j-1].Share && c[j].Key < c[j-1].Key); j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}

// hsv converts 0..255 RGB to hue in degrees, saturation and value in 0..1.
func hsv(r, g, b float64) (h, s, v float64) {
	mx, mn := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	v = mx / 255
	if mx == 0 {
		return 0, 0, v
	}
	s = (mx - mn) / mx
	d := mx - mn
	switch {
	case d == 0:
		h = 0
	case mx == r:
		h = 60 * math.Mod((g-b)/d, 6)
	case mx == g:
		h = 60 * ((b-r)/d + 2)
	default:
		h = 60 * ((r-g)/d + 4)
	}
	if h < 0 {
		h += 360
	}
	return h, s, v
}

// colourName names a pixel's colour with one of the vocabulary's colour keys.
func colourName(h, s, v float64) string {
	switch {
	case v < 0.18:
		return "black"
	case s < 0.15 && v > 0.8:
		return "white"
	case s < 0.15:
		return "grey"
	case h < 15 || h >= 340:
		if v < 0.55 && s > 0.3 {
			return "brown"
		}
		return "red"
	case h < 40:
		if v < 0.6 {
			return "brown"
		}
		return "orange_colour"
	case h < 70:
		return "yellow"
	case h < 165:
		return "green"
	case h < 255:
		return "blue"
	case h < 290:
		return "purple"
	default:
		return "pink"
	}
}
