// Package faces finds faces in photos and describes each with an embedding
// for clustering into people.
//
// Two detectors must agree before a face is reported. BlazeFace (an ONNX
// model with a 256x256 input) proposes candidates with six key points; it
// looks at the whole photo padded to a square and, for wide photos, at
// square tiles (Options.Levels). pigo (a pure-Go cascade of pixel
// comparisons) then checks each candidate in a window around it. BlazeFace
// alone calls a cat's face a face (0.79 on the test cat), and pigo alone has
// weak false hits; together they kept every face and no non-face of the test
// photos. Each kept face is cut out as a square around pigo's detection,
// resized to 224x224 and described by FaceRes in one batch: a 1024-value
// embedding (L2-normalised, compare with Cosine: the same face mirrored
// scores about 0.95, two people about 0.37) plus age and gender estimates
// that are informational only.
//
// Limits, measured: faces must be roughly upright (the caller applies the
// EXIF orientation first) and frontal to three-quarter: profiles are missed.
// Small faces: in a 4000x3000 group photo, the default (Levels 3) found all
// the faces 3% as wide as the photo and five in six of 2.25%; Levels 2, at a
// half to a third of the time, found five in twelve of 4% and none of 3%.
// Level 3 looks only where levels 1 and 2 saw a weak candidate (0.1 or more:
// the small faces there scored 0.25-0.48), and found the same faces as when
// it looked everywhere. The photo is worked on
// at 1024 pixels at most; boxes are returned in the input's own pixels. The
// package does not cluster; it only measures.
package faces
