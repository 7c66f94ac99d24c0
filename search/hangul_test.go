package search

import (
	"strings"
	"testing"
)

func TestStripParticle(t *testing.T) {
	v := vocabularyOf(t, "고양시", "제주도", "엄마")
	tests := []struct{ in, want string }{
		{"강아지랑", "강아지"}, {"고양이와", "고양이"}, {"고양이들", "고양이"}, {"고양이들이랑", "고양이"},
		{"제주에서", "제주"}, {"엄마가", "엄마"}, {"바다의", "바다"}, {"바다로", "바다"}, {"서울에서는", "서울"},
		{"아빠하고", "아빠"}, {"친구들이랑", "친구"}, {"개가", "개"}, {"차로", "차"}, {"아이폰으로", "아이폰"},
		{"iphone으로", "iphone"},
		// Known words stay whole; so do one-syllable stems before one-syllable particles.
		{"고양이", "고양이"}, {"고양시", "고양시"}, {"제주도", "제주도"}, {"바나나", "바나나"}, {"아이", "아이"},
		{"인도", "인도"}, {"사진을", "사진"}, {"dog", "dog"}, {"가", "가"}, {"이랑", "이랑"},
	}
	for _, tt := range tests {
		if got := stripParticle(tt.in, v); got != tt.want {
			t.Errorf("stripParticle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Without a vocabulary the same table applies, with nothing known.
	if got := stripParticle("고양이들", nil); got != "고양이" {
		t.Errorf("stripParticle(고양이들, nil) = %q, want 고양이", got)
	}
}

func TestJamo(t *testing.T) {
	tests := []struct{ in, want string }{
		{"고양이", "ㄱㅗㅇㅑㅇㅇㅣ"}, {"고야", "ㄱㅗㅇㅑ"}, {"과", "ㄱㅗㅏ"}, {"닭", "ㄷㅏㄹㄱ"}, {"dog", "dog"},
		{"ㄱ", "ㄱ"}, {"ㅘ", "ㅗㅏ"},
	}
	for _, tt := range tests {
		if got := jamo(tt.in); got != tt.want {
			t.Errorf("jamo(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, prefix := range []string{"고", "고야", "고양", "고양ㅇ", "곻"} {
		if ok := strings.HasPrefix(jamo("고양이"), jamo(prefix)); ok != (prefix != "곻") {
			t.Errorf("jamo(%q) prefix of jamo(고양이) = %v", prefix, ok)
		}
	}
}
