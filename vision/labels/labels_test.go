package labels

import (
	"strings"
	"testing"
)

func TestVocabulary(t *testing.T) {
	v, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for class := range 80 {
		if _, ok := v.COCO(class); !ok {
			t.Errorf("COCO class %d has no label", class)
		}
	}
	cases := []struct{ key, en, ko, cat string }{
		{"dog", "dog", "강아지", "pet"},
		{"cat", "cat", "고양이", "pet"},
		{"car", "car", "자동차", "vehicle"},
		{"person", "person", "사람", "people"},
		{"pizza", "pizza", "피자", "food"},
	}
	for _, c := range cases {
		l, ok := v.Label(c.key)
		if !ok || l.En != c.en || l.Ko != c.ko || l.Category != c.cat {
			t.Errorf("Label(%q) = %+v, want %s/%s in %s", c.key, l, c.en, c.ko, c.cat)
		}
	}
	terms := strings.Join(v.Terms("dog"), "|")
	for _, w := range []string{"강아지", "개", "puppy", "반려동물", "Pets"} {
		if !strings.Contains(terms, w) {
			t.Errorf("Terms(dog) = %s, missing %s", terms, w)
		}
	}
}

func TestEveryLabelHasBothLanguages(t *testing.T) {
	v, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range v.Labels() {
		if l.En == "" || l.Ko == "" {
			t.Errorf("label %q lacks a name: %+v", l.Key, l)
		}
	}
	for _, c := range v.Categories() {
		if c.En == "" || c.Ko == "" {
			t.Errorf("category %q lacks a name", c.Key)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{
		"dog\tdog\t강아지\tpet\t\t16",                              // unknown category
		"category\tpet\tPets\t반려동물\t\ndog\tdog\t강아지\tpet\t\t99", // COCO out of range
		"category\tpet\tPets\t반려동물\t\ndog\tdog",                 // too few fields
	} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", bad)
		}
	}
}
