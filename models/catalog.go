package models

// rgb255 is an input fed as RGB 0..255 unchanged.
func rgb255(name string, shape ...int64) InputSpec {
	return InputSpec{Name: name, Shape: shape, Layout: "NHWC", Colour: "RGB",
		Mean: []float32{0, 0, 0}, Std: []float32{1, 1, 1}, Normalisation: "x (0..255)"}
}

// tfjsModel is a default model converted from a TF.js graph model.
type tfjsModel struct {
	name       string // file stem in the package and model name
	jsonSHA256 string
	binSHA256  string
	manifest   Manifest // Name, Task, Inputs, Outputs, Labels, Licence, Notes
}

// humanModels lists the models Setup converts from HumanPackage.
func humanModels() []tfjsModel {
	return []tfjsModel{
		{name: "centernet",
			jsonSHA256: "bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05",
			binSHA256:  "1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef",
			manifest: Manifest{Task: TaskObjectDetection, Labels: "coco-80", Licence: "MIT (package); upstream weights not verified",
				Inputs: []InputSpec{rgb255("tower_0/images", 1, 512, 512, 3)},
				Outputs: []OutputSpec{
					{Name: "tower_0/detections", Shape: []int64{1, 100, 6}, Description: "x1,y1,x2,y2 (input pixels), score, class 0..79; top 100 by score"},
					{Name: "tower_0/keypoints", Shape: []int64{1, 128, 128, 80}, Description: "class heat map (sigmoid)"},
					{Name: "tower_0/wh", Shape: []int64{1, 128, 128, 4}},
				}}},
		{name: "blazeface",
			jsonSHA256: "cd7bbfc078270572beb39f9e5ae67aadbd50b5e67cff37e6d4f6b3ea39312e5f",
			binSHA256:  "dc9a97fdc50bc43216554bdd69aa3e7b9361a519ee7bdd996a2f69a98a6f9b72",
			manifest: Manifest{Task: TaskFaceDetection, Licence: "MIT (package); upstream weights not verified",
				Inputs: []InputSpec{{Name: "input", Shape: []int64{1, 256, 256, 3}, Layout: "NHWC", Colour: "RGB",
					Mean: []float32{127.5, 127.5, 127.5}, Std: []float32{127.5, 127.5, 127.5}, Normalisation: "x/127.5 - 1"}},
				Outputs: []OutputSpec{
					{Name: "Identity", Shape: []int64{1, 512, 1}, Description: "face logits, 16x16 grid, 2 anchors per cell"},
					{Name: "Identity_1", Shape: []int64{1, 384, 1}, Description: "face logits, 8x8 grid, 6 anchors per cell"},
					{Name: "Identity_2", Shape: []int64{1, 512, 16}, Description: "regressors dx,dy,w,h + 6 key points"},
					{Name: "Identity_3", Shape: []int64{1, 384, 16}, Description: "regressors dx,dy,w,h + 6 key points"},
				},
				Notes: "scores a cat's face as a face: pair with another signal"}},
		{name: "faceres",
			jsonSHA256: "5b83d49c0385d2e68a05122441b94226313677cae9fcc40b9587ad50079eb4df",
			binSHA256:  "2c7d2d62b76c97528b736527aa09d310ea71743c9e3e79fb6c62d4b2d73af79b",
			manifest: Manifest{Task: TaskFaceEmbedding, Licence: "MIT (package); upstream weights not verified",
				Inputs: []InputSpec{rgb255("input_1", -1, 224, 224, 3)},
				Outputs: []OutputSpec{
					{Name: "global_pooling/Mean", Shape: []int64{-1, 1024}, Description: "face descriptor (not L2-normalised)"},
					{Name: "age_pred/Softmax", Shape: []int64{-1, 100}, Description: "age distribution"},
					{Name: "gender_pred/Sigmoid", Shape: []int64{-1, 1}, Description: "p(male)"},
				}}},
	}
}

// ocrModels lists the native ONNX models Setup takes from OCRPackage:
// path inside the package -> manifest (File is filled in by Setup).
func ocrModels() map[string]Manifest {
	bgr := func(name string, shape []int64, mean, std float32, norm string) InputSpec {
		return InputSpec{Name: name, Shape: shape, Layout: "NCHW", Colour: "BGR",
			Mean: []float32{mean, mean, mean}, Std: []float32{std, std, std}, Normalisation: norm}
	}
	lic := "Apache-2.0 (PaddleOCR); package licence per its package.json"
	return map[string]Manifest{
		"package/assets/ch_PP-OCRv4_det_infer.onnx": {Name: "ppocr-det", Task: TaskTextDetection, Licence: lic,
			Inputs:  []InputSpec{{Name: "x", Shape: []int64{-1, 3, -1, -1}, Layout: "NCHW", Colour: "BGR", Mean: []float32{123.675, 116.28, 103.53}, Std: []float32{58.395, 57.12, 57.375}, Normalisation: "(x/255 - [0.485,0.456,0.406])/[0.229,0.224,0.225] per tensor channel (B,G,R) as PaddleOCR does; H and W multiples of 32"}},
			Outputs: []OutputSpec{{Name: "sigmoid_0.tmp_0", Description: "[N,1,H,W] text probability"}}},
		"package/assets/ch_PP-OCRv4_rec_infer.onnx": {Name: "ppocr-rec", Task: TaskTextRecognition, Licence: lic, Labels: "ppocr_keys_v1.txt",
			Inputs:  []InputSpec{bgr("x", []int64{-1, 3, 48, -1}, 127.5, 127.5, "(x/255 - 0.5)/0.5")},
			Outputs: []OutputSpec{{Name: "softmax_11.tmp_0", Description: "[N,W/8,6625] CTC; 0 = blank, i -> dictionary line i-1, last = space"}}},
		"package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx": {Name: "ppocr-cls", Task: TaskTextDirection, Licence: lic,
			Inputs:  []InputSpec{bgr("x", []int64{-1, 3, 48, 192}, 127.5, 127.5, "(x/255 - 0.5)/0.5")},
			Outputs: []OutputSpec{{Name: "save_infer_model/scale_0.tmp_1", Description: "[N,2] 0 or 180 degrees"}}},
	}
}
