package catalog

import (
	"testing"
	"time"
)

func TestMotion(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	if err := c.Insert(ctx, photo("a", time.Time{})); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := c.Motion(ctx, DefaultLibrary, "a"); ok || err != nil {
		t.Errorf("Motion(still) = %v, %v; want none", ok, err)
	}
	live := Motion{Kind: MotionLive, VideoPath: "/photos/IMG_0001.MOV"}
	if err := c.SetMotion(ctx, DefaultLibrary, "a", live); err != nil {
		t.Fatal(err)
	}
	if m, ok, err := c.Motion(ctx, DefaultLibrary, "a"); !ok || err != nil || m != live {
		t.Errorf("Motion = %+v, %v, %v; want %+v", m, ok, err, live)
	}
	embedded := Motion{Kind: MotionEmbedded, VideoBytes: 2413812}
	if err := c.SetMotion(ctx, DefaultLibrary, "a", embedded); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := c.Motion(ctx, DefaultLibrary, "a"); m != embedded {
		t.Errorf("Motion after replace = %+v, want %+v", m, embedded)
	}
	if err := c.SetMotion(ctx, DefaultLibrary, "a", Motion{Kind: "gif"}); err == nil {
		t.Error("SetMotion(kind gif) succeeded")
	}
}
