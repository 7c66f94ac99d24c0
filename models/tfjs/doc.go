// Package tfjs converts TensorFlow.js graph models (model.json with TF
// NodeDefs plus binary weight shards) to ONNX models (opset 13), in pure Go.
//
// Weights may be float32, int32, bool, float16 or uint8/uint16 affine
// quantised; all are widened to float32 (int32 to int64). Layout stays NHWC
// at the graph's edges: convolutions, pooling and resizing are wrapped in
// Transpose pairs, which ONNX Runtime's optimiser removes. Sub-graphs whose
// inputs are all constant are folded where the converter can evaluate them
// (elementwise arithmetic, casts, reshapes). TF's SAME padding is computed
// from static shapes (the odd pixel goes at the end), and ResizeBilinear's
// align_corners / half_pixel_centers map to Resize's coordinate modes.
//
// Limits: only the ops in opFunc and shapeOpFunc are known (about fifty,
// enough for the CenterNet, BlazeFace, FaceRes and nsfwjs models); any other
// op, or an attribute combination without an exact ONNX equivalent (NCHW
// data, StridedSlice ellipsis/new-axis masks, SYMMETRIC mirror padding...),
// is an ErrUnsupportedOp naming the op and node rather than a silently wrong
// model. Control flow and string tensors are not supported.
package tfjs
