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
	"time"
)

// fakeSite assembles a site from small files, without compiling any wasm.
func fakeSite(t testing.TB) *Site {
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
	for _, accept := range []string{"", "br", "gzip;q=0", "gzip; q=0", "gzip;q=0.000", "GZIP;Q=0", "gzip;q=0, br", "*;q=0", "gzip;q=0, *", "gzip;q=x", "identity"} {
		rec := get(t, h, "GET", "/canvas.wasm", map[string]string{"Accept-Encoding": accept})
		if rec.Header().Get("Content-Encoding") != "" || !bytes.Equal(rec.Body.Bytes(), plain) {
			t.Errorf("Accept-Encoding %q: got an encoded body", accept)
		}
	}
	etag := rec.Header().Get("ETag")
	if rec := get(t, h, "GET", "/canvas.wasm", map[string]string{"If-None-Match": etag, "Accept-Encoding": "gzip"}); rec.Code != http.StatusNotModified {
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

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8": true, "x-gzip": true, "*": true,
		"gzip;q=0.001": true, "*;q=0.5, gzip;q=0": false, "gzip;q=0": false, "br": false, "": false,
		"gzip;q=0, gzip;q=1": true, "gzip;q=2": false, "gzip;level=9": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// The gzip and the plain body are two representations with two entity tags, and
// If-None-Match matches by weak comparison, in a list or as "*" (RFC 9110 13.1.2).
func TestHandlerETags(t *testing.T) {
	h := fakeSite(t).Handler()
	gz := get(t, h, "GET", "/canvas.wasm", map[string]string{"Accept-Encoding": "gzip"}).Header().Get("ETag")
	plain := get(t, h, "GET", "/canvas.wasm", nil).Header().Get("ETag")
	if gz == "" || plain == "" || gz == plain {
		t.Fatalf("gzip ETag %q, plain %q: want two different tags", gz, plain)
	}
	cases := []struct {
		accept, match string
		code          int
	}{
		{"gzip", gz, 304},
		{"gzip", "W/" + gz, 304},
		{"gzip", `"other", ` + gz, 304},
		{"gzip", "*", 304},
		{"", "*", 304},
		{"", plain, 304},
		{"gzip", plain, 200}, // the plain tag does not validate the gzip body
		{"", gz, 200},
		{"gzip", `"other"`, 200},
	}
	for _, c := range cases {
		rec := get(t, h, "GET", "/canvas.wasm", map[string]string{"Accept-Encoding": c.accept, "If-None-Match": c.match})
		if rec.Code != c.code {
			t.Errorf("Accept-Encoding %q, If-None-Match %q: status %d, want %d", c.accept, c.match, rec.Code, c.code)
		}
		if c.code == 304 && rec.Body.Len() != 0 {
			t.Errorf("If-None-Match %q: 304 with a body", c.match)
		}
	}
}

func TestHandlerSecurityHeaders(t *testing.T) {
	rec := get(t, fakeSite(t).Handler(), "GET", "/", nil)
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"frame-ancestors 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval'") && !strings.Contains(csp, "'wasm-unsafe-eval'") {
		t.Errorf("Content-Security-Policy %q allows eval", csp)
	}
	if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", got)
	}
}

// deadlineRecorder records the write deadlines a handler sets through http.ResponseController.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	deadlines int
	written   []int // bytes written when each deadline was set
}

func (d *deadlineRecorder) SetWriteDeadline(time.Time) error {
	d.deadlines++
	d.written = append(d.written, d.Body.Len())
	return nil
}

// A large body goes out in chunks, each under a fresh write deadline, so a slow client that
// keeps reading is never cut off, and the server sets no total write deadline.
func TestHandlerWriteIdleDeadline(t *testing.T) {
	wasm := bytes.Repeat([]byte{0, 'a', 's', 'm'}, 3*writeChunk/4+100) // three chunks and a bit
	s, err := assemble(map[string][]byte{"big.wasm": wasm}, map[string][]byte{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/big.wasm", nil))
	if !bytes.Equal(rec.Body.Bytes(), wasm) {
		t.Fatal("body differs")
	}
	if rec.deadlines != 4 || rec.written[3] != 3*writeChunk {
		t.Errorf("%d deadlines at %v bytes, want 4, one before each 64 KiB", rec.deadlines, rec.written)
	}
	if srv := NewServer(s.Handler()); srv.WriteTimeout != 0 || srv.IdleTimeout == 0 || srv.ReadHeaderTimeout == 0 {
		t.Errorf("server timeouts: write %v, idle %v, read header %v", srv.WriteTimeout, srv.IdleTimeout, srv.ReadHeaderTimeout)
	}
}

// FuzzHandlerHeaders: no Accept-Encoding or If-None-Match makes the handler panic; it answers
// 200 or 304, a 304 only for a tag the response carries (or *), a gzip body only when asked.
func FuzzHandlerHeaders(f *testing.F) {
	for _, s := range [][2]string{{"gzip", `"x"`}, {"gzip;q=0", "*"}, {"*;q=0.5, gzip;q=0", `W/"a", "b"`}, {"br;q=1.0e3,,;", ","}, {"", "W/"}} {
		f.Add(s[0], s[1])
	}
	h := fakeSite(f).Handler()
	f.Fuzz(func(t *testing.T, accept, match string) {
		req := httptest.NewRequest("GET", "/canvas.wasm", nil)
		req.Header.Set("Accept-Encoding", accept)
		req.Header.Set("If-None-Match", match)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch {
		case rec.Code == http.StatusNotModified && !noneMatch(match, rec.Header().Get("ETag")):
			t.Errorf("304 for If-None-Match %q, ETag %q", match, rec.Header().Get("ETag"))
		case rec.Code != http.StatusOK && rec.Code != http.StatusNotModified:
			t.Errorf("status %d", rec.Code)
		case rec.Header().Get("Content-Encoding") == "gzip" && !acceptsGzip(accept):
			t.Errorf("gzip for Accept-Encoding %q", accept)
		}
	})
}
