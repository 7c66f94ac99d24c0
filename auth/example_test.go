package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"sajin/auth"
	"sajin/ingest/catalog"
)

// A handler of another package (a WebDAV endpoint, say) is mounted behind RequireBasic; inside it LibraryFrom
// names the only library it may touch. Behind Require it would take a session cookie or a Bearer token instead.
func ExampleAuth_RequireBasic() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	cat, _ := catalog.Open(ctx, filepath.Join(dir, "catalog.db"))
	defer cat.Close()
	a := auth.New(cat, auth.Options{})
	a.AddUser(ctx, "mina", "mina's password", false)

	dav := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		library, _ := auth.LibraryFrom(r.Context())
		id, _ := auth.IdentityFrom(r.Context())
		fmt.Fprintf(w, "%s stores %s in %s", id.User.Name, r.URL.Path, library[:4])
	})
	srv := httptest.NewServer(a.RequireBasic("Sajin", dav))
	defer srv.Close()

	req, _ := http.NewRequest("PUT", srv.URL+"/dav/IMG_0001.JPG", nil)
	req.SetBasicAuth("mina", "mina's password")
	res, _ := http.DefaultClient.Do(req)
	var body [64]byte
	n, _ := res.Body.Read(body[:])
	fmt.Println(res.StatusCode, string(body[:n]))

	anonymous, _ := http.Get(srv.URL + "/dav/")
	fmt.Println(anonymous.StatusCode, anonymous.Header.Get("WWW-Authenticate"))
	// Output:
	// 200 mina stores /dav/IMG_0001.JPG in lib-
	// 401 Basic realm="Sajin", charset="UTF-8"
}
