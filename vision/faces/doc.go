// Package faces finds faces in photos and describes each with an embedding
// for clustering into people.
//
// Two detectors must agree before a face is reported. BlazeFace (an ONNX
// model, 256x256 input) proposes candidates with key points; pigo (a pure-Go
// pixel-intensity cascade) then checks each candidate in a window around it.
// BlazeFace alone scores a cat's face as a face, and pigo alone has false hits
// at low quality; together they agree on people's faces. Each kept face is
// cut out as a square around pigo's detection, resized to 224x224 and
// described by FaceRes: a 1024-value embedding (L2-normalised, compare with
// Cosine) plus an age and gender estimate that are informational only.
//
// Limits: faces must be roughly upright (the caller rotates photos by their
// EXIF orientation first) and frontal to three-quarter; profiles and faces
// smaller than about 20 pixels in a 1024-pixel working copy of the photo are
// missed. The package does not cluster; it only measures.
package faces
