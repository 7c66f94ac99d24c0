package models

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestBundleJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            bool
	}{
		{name: "keys and numbers", in: `x;e.exports={format:"graph-model",a:[1,-.5,.25,1e-7,5.,-3],"q k":{b:!0,c:!1,d:null}}},{}]`,
			want: `{"format":"graph-model","a":[1,-0.5,0.25,1e-07,5,-3],"q k":{"b":true,"c":false,"d":null}}`},
		{name: "escapes", in: `exports={s:"a\"b\\c\u00e9"}`, want: `{"s":"a\"b\\c\u00e9"}`},
		{name: "whitespace", in: "exports={ a : [ 1 , 2 ] ,\n b : true }", want: `{"a":[1,2],"b":true}`},
		{name: "empty", in: `exports={}`, want: `{}`},
		{name: "no object", in: `module.exports=5`, err: true},
		{name: "single quotes", in: `exports={a:'x'}`, err: true},
		{name: "function", in: `exports={a:function(){}}`, err: true},
		{name: "js escape", in: `exports={a:"\x41"}`, err: true},
		{name: "unterminated", in: `exports={a:[1,2`, err: true},
		{name: "hex number", in: `exports={a:0x10}`, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bundleJSON([]byte(tt.in))
			if tt.err {
				if !errors.Is(err, ErrBundle) {
					t.Fatalf("bundleJSON(%q) = %s, %v; want ErrBundle", tt.in, got, err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("bundleJSON(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestBundleBase64(t *testing.T) {
	got, err := bundleBase64([]byte(`{1:[function(i,m,h){m.exports="AAEC/w=="},{}]}`))
	if err != nil || string(got) != "\x00\x01\x02\xff" {
		t.Fatalf("bundleBase64() = %q, %v; want 00 01 02 ff", got, err)
	}
	for _, bad := range []string{`exports=5`, `exports="AAE`, `exports="not base64!"`} {
		if _, err := bundleBase64([]byte(bad)); !errors.Is(err, ErrBundle) {
			t.Errorf("bundleBase64(%q) = %v, want ErrBundle", bad, err)
		}
	}
}

// FuzzBundleJSON: whatever the input, the parser returns an error or valid JSON.
func FuzzBundleJSON(f *testing.F) {
	f.Add([]byte(`e.exports={format:"graph-model",a:[1,-.5,!0],b:{c:"d"}}`))
	f.Add([]byte(`exports={a:[[[[[[1]]]]]]}`))
	f.Add([]byte(`exports={"s":"\u0041\n"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := bundleJSON(in)
		if err != nil {
			if !errors.Is(err, ErrBundle) {
				t.Fatalf("error %v is not ErrBundle", err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("bundleJSON(%q) = %q, not valid JSON", in, out)
		}
	})
}

// FuzzBundleBase64: never panics; errors are ErrBundle.
func FuzzBundleBase64(f *testing.F) {
	f.Add([]byte(`m.exports="AAEC/w=="`))
	f.Fuzz(func(t *testing.T, in []byte) {
		if _, err := bundleBase64(in); err != nil && !errors.Is(err, ErrBundle) {
			t.Fatalf("error %v is not ErrBundle", err)
		}
	})
}
