package ui_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sajin/auth"
	"sajin/ingest"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/internal/hostile"
	"sajin/ui"
)

// multipartBody builds an upload body with one part per (field, file name, data) triple.
func multipartBody(parts ...[3]string) (contentType string, body []byte) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+p[0]+`"; filename="`+p[1]+`"`)
		w, _ := mw.CreatePart(h)
		w.Write([]byte(p[2]))
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

// FuzzUpload sends arbitrary bodies and content types to POST /api/photos. Whatever arrives: the server does
// not fail (no 500, no panic), answers with a JSON body and a status the API documents, keeps no temporary file,
// and a photo it accepts has a plain file name and can be read back.
func FuzzUpload(f *testing.F) {
	good := exiftest.JPEG(exiftest.Gray(40, 30), exiftest.Tags{DateTimeOriginal: "2015:08:03 08:15:00", Model: "EOS"})
	seeds := [][][3]string{
		{{"file", "IMG_0001.JPG", string(good)}},
		{{"file", "../../etc/passwd.jpg", string(good)}},
		{{"other", "x", "y"}, {"file", "a.jpg", string(good)}, {"file", "b.jpg", "second"}},
		{{"file", "bomb.png", string(hostile.PNGBomb(100000, 100000))}},
		{{"file", "loop.jpg", string(exiftest.JPEG(nil, exiftest.Tags{LoopIFD: true}))}},
		{{"file", "scans.jpg", string(hostile.ManyScansJPEG(64, 64, 20))}},
		{{"file", "cut.jpg", string(good[:len(good)/2])}},
		{{"file", "empty.jpg", ""}},
		{{"notfile", "a.jpg", string(good)}},
	}
	for _, s := range seeds {
		ct, body := multipartBody(s...)
		f.Add(ct, body)
		f.Add(ct, body[:len(body)/2]) // cut off half-way
	}
	f.Add("multipart/form-data", []byte("--x\r\n"))
	f.Add("multipart/form-data; boundary=", []byte("----\r\n\r\n"))
	f.Add("text/plain", []byte("hello"))

	l := ingesttest.New(f, ingest.Options{MaxBytes: 1 << 20})
	h := ui.New(deps(l, auth.New(l.Catalog, auth.Options{Public: true})), ui.Options{MaxUploadBytes: 2 << 20, UploadRate: -1})
	documented := map[int]bool{200: true, 201: true, 400: true, 413: true, 415: true, 422: true}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		req := httptest.NewRequest("POST", "/api/photos", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var rec struct {
			ID       string `json:"id"`
			FileName string `json:"file_name"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &rec); err != nil || !documented[w.Code] {
			t.Fatalf("POST /api/photos = %d %q (JSON: %v), want a documented status with a JSON body", w.Code, w.Body, err)
		}
		if left, _ := os.ReadDir(filepath.Join(l.Dir, "tmp")); len(left) > 0 {
			t.Fatalf("%d temporary files left after the upload", len(left))
		}
		if w.Code != http.StatusCreated && w.Code != http.StatusOK {
			return
		}
		if strings.ContainsAny(rec.FileName, `/\`) || rec.ID == "" {
			t.Fatalf("accepted upload: id %q, file name %q", rec.ID, rec.FileName)
		}
		r := httptest.NewRecorder()
		h.ServeHTTP(r, httptest.NewRequest("GET", "/api/photos/"+rec.ID+"/original", nil))
		if r.Code != http.StatusOK || r.Body.Len() == 0 {
			t.Fatalf("GET the original of %s = %d, %d bytes", rec.ID, r.Code, r.Body.Len())
		}
	})
}
