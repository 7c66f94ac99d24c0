// Package ocr reads printed text in photos with PP-OCRv4, so that a photo
// of a sign is found by the words on it ("NOTICE", "PARKING").
//
// A Reader runs three ONNX models through sajin/vision/onnx:
//
//   - detection (DB): the image is resized so its long side is at most
//     MaxSide (never enlarged) with both sides multiples of 32, fed as BGR
//     with ImageNet mean/std; the probability map is thresholded at 0.3,
//     split into 8-connected regions, each kept when its mean probability
//     reaches 0.6, fitted with a minimum-area (rotated) rectangle and grown
//     by 1.5 x area/perimeter on every side, as PaddleOCR does;
//   - an optional 0/180 degree direction classifier on each line; a line it
//     calls upside down is read both ways and the better reading is kept
//     (on its own the classifier turned a curved line of the page fixture
//     the wrong way, with probability 0.99);
//   - recognition: each rectangle is sampled straight from the input
//     image's pixels (rotated, height 48, aspect kept), lines of similar
//     width are batched six at a time, and the CTC output is decoded
//     greedily; a line's score is the mean probability of its characters.
//     A blank step between two characters whose space probability reaches
//     0.25 also counts as a space: the model under-rates the spaces of small
//     print, and without this rule the page fixture read
//     "Region-basedsegmentation" and "histogram ofgreyvalues".
//
// The character list (ppocr_keys_v1.txt) holds Chinese and Latin
// characters; Hangul is not in it, so Korean text is not read.
//
// # Measurements
//
// On the fixtures (a 2-core machine shared with other work, load 6-13),
// with MaxSide 960 and MinScore 0.65:
//
//   - the three street signs and the scanned page yield 53 of their 57
//     distinct words, and 53 of the 56 words read are right (the page: all
//     37; the misses are a worn sign read "Wivennioe rark" and the small
//     "Washington" of a newspaper box read "Wastinginn"); MaxSide 640 lost
//     that small print and ran "ALL TIMES" together, 1280 read nothing more;
//   - of nine photos without text, six give no text region at all; the
//     junk read on the other three scores at most 0.56 (a cup's rim read as
//     "O", a badge as "AHA"), while the lowest real line scores 0.74, hence
//     MinScore 0.65;
//   - detection takes 140-160 ms for an 800x600 photo and 45 ms for a
//     451x300 one (one intra-op thread, load 6-8; under load 10-13 it
//     took 230-340 ms, and two intra-op threads were twice as slow as
//     one); recognition takes about 23 ms per line in batches of six (one
//     or three per batch measured the same), the direction classifier
//     about 1.3 ms per line. Read on the sign (seven lines) took 360-530 ms.
//
// # When to run it
//
// Read runs detection on every photo and recognition only when detection
// finds regions, so a photo without text costs detection and nothing more;
// callers need no separate gate and should call Read on every photo.
// Detection is the only signal of text Sajin has and the dearest part of a
// photo without text, so Read detects in two steps on images larger than
// GateSide (640): first at GateSide, which has 44% of the pixels of a
// 960-pixel pass, and only when that finds a text region again at MaxSide,
// whose regions are the ones read. On the fixtures, as they are and enlarged
// to 2048 pixels, every photo with text passed the first step (the smallest
// print, "unicef" on a shirt in messi5, needs 640: at 480 it was not found)
// and the words read were the same as without it (TestGateKeepsWords); of
// the 11 photos without text large enough for two steps, 3 passed the first
// (a cup's rim, a window, a rocket's markings) and paid both. Detect is there for callers that want the
// regions alone, for example to flag "has text" without reading it.
//
// Read converts the whole input to RGBA once; pass an image whose long
// side is about 2000 pixels or less (a large thumbnail) to bound memory.
// Recognition samples from that image, not from the detector's smaller
// copy, so small print benefits from a larger input.
package ocr
