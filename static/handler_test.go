package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSite assembles a site from small files, without compiling any wasm.
func fakeSite(t *testing.T) *Site {
	t.Helper()
	wasm := bytes.Repeat([]byte("\x00asm wasm body "), 400)
	s, err := assemble(map[string][]byte{
		"index.html":  []byte("<!doctype html>\n<html>  <body>\n  <p>hello   there</p>\n</body></html>\n"),
		"style.css":   []byte("body {  color : red ;  }\n"),
		"app.js":      []byte("const  answer = 40 + 2 ;\nconsole.log( answer );\n"),
		"canvas.wasm": wasm,
	}, map[string][]byte{"canvas.wasm": gzipBytes(wasm)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, method, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "http://example.test/", nil)
	req.URL.Path = path // as sent, uncleaned, to try traversal
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandler(t *testing.T) {
	h := fakeSite(t).Handler()
	cases := []struct {
		method, path string
		code         int
		ctype        string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8"},
		{"GET", "/index.html", 200, "text/html; charset=utf-8"},
		{"GET", "/style.css", 200, "text/css; charset=utf-8"},
		{"GET", "/app.js", 200, "text/javascript; charset=utf-8"},
		{"GET", "/canvas.wasm", 200, "application/wasm"},
		{"HEAD", "/canvas.wasm", 200, "application/wasm"},
		{"GET", "/missing.js", 404, ""},
		{"GET", "/static/", 404, ""},          // no directory listings
		{"GET", "/../../etc/passwd", 404, ""}, // nothing outside the site
		{"GET", "/..%2f..%2fetc/passwd", 404, ""},
		{"POST", "/", 405, ""},
	}
	for _, c := range cases {
		rec := get(t, h, c.method, c.path, nil)
		if rec.Code != c.code {
			t.Errorf("%s %s: status %d, want %d", c.method, c.path, rec.Code, c.code)
		}
		if c.ctype != "" && rec.Header().Get("Content-Type") != c.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", c.method, c.path, rec.Header().Get("Content-Type"), c.ctype)
		}
		if c.method == "HEAD" && rec.Body.Len() != 0 {
			t.Errorf("HEAD %s sent a body", c.path)
		}
	}
}

func TestHandlerGzip(t *testing.T) {
	site := fakeSite(t)
	h := site.Handler()
	plain, _ := site.File("canvas.wasm")
	rec := get(t, h, "GET", "/canvas.wasm", map[string]string{"Accept-Encoding": "br, gzip"})
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers %v", rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, plain) {
		t.Error("gzip body does not decompress to the file")
	}
	for _, accept := range []string{"", "br", "gzip;q=0"} {
		rec := get(t, h, "GET", "/canvas.wasm", map[string]string{"Accept-Encoding": accept})
		if rec.Header().Get("Content-Encoding") != "" || !bytes.Equal(rec.Body.Bytes(), plain) {
			t.Errorf("Accept-Encoding %q: got an encoded body", accept)
		}
	}
	etag := rec.Header().Get("ETag")
	if rec := get(t, h, "GET", "/canvas.wasm", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: status %d, want 304", rec.Code)
	}
}

func TestAssembleMinifies(t *testing.T) {
	site := fakeSite(t)
	for name, unwanted := range map[string]string{"index.html": "   ", "style.css": " : ", "app.js": " = "} {
		b, _ := site.File(name)
		if strings.Contains(string(b), unwanted) {
			t.Errorf("%s not minified: %q", name, b)
		}
	}
}

func TestWriteDir(t *testing.T) {
	site := fakeSite(t)
	dir := filepath.Join(t.TempDir(), "dist")
	if err := site.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range site.Names() {
		b, err := os.ReadFile(filepath.Join(dir, name))
		want, _ := site.File(name)
		if err != nil || !bytes.Equal(b, want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "canvas.wasm.gz")); err != nil {
		t.Errorf("no precompressed wasm: %v", err)
	}
}
