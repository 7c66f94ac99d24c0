package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Hangul syllables are composed arithmetically from an initial consonant, a vowel and an optional final
// consonant: 0xAC00 + (initial*21 + vowel)*28 + final.
const (
	hangulFirst = 0xAC00
	hangulLast  = 0xD7A3
)

// Compatibility jamo (the letters a Korean keyboard types on their own) of the initials, vowels and finals.
const (
	jamoInitials = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
	jamoVowels   = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
	jamoFinals   = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ" // index+1 (0 is none)
)

// jamoCompound splits letters typed with two keys into those keys, so "과" is a continuation of "고" and "닭" of
// "달".
func jamoCompound(r rune) string {
	switch r {
	case 'ㅘ':
		return "ㅗㅏ"
	case 'ㅙ':
		return "ㅗㅐ"
	case 'ㅚ':
		return "ㅗㅣ"
	case 'ㅝ':
		return "ㅜㅓ"
	case 'ㅞ':
		return "ㅜㅔ"
	case 'ㅟ':
		return "ㅜㅣ"
	case 'ㅢ':
		return "ㅡㅣ"
	case 'ㄳ':
		return "ㄱㅅ"
	case 'ㄵ':
		return "ㄴㅈ"
	case 'ㄶ':
		return "ㄴㅎ"
	case 'ㄺ':
		return "ㄹㄱ"
	case 'ㄻ':
		return "ㄹㅁ"
	case 'ㄼ':
		return "ㄹㅂ"
	case 'ㄽ':
		return "ㄹㅅ"
	case 'ㄾ':
		return "ㄹㅌ"
	case 'ㄿ':
		return "ㄹㅍ"
	case 'ㅀ':
		return "ㄹㅎ"
	case 'ㅄ':
		return "ㅂㅅ"
	}
	return string(r)
}

// jamo spells s in keyboard letters: every Hangul syllable as its consonants and vowels, compound letters as
// their keys ("고양이" -> ㄱㅗㅇㅑㅇㅇㅣ; "과" -> ㄱㅗㅏ); anything else is kept. A word being typed ("고야",
// "고양ㅇ") is then a prefix of the word it becomes.
func jamo(s string) string {
	initials, vowels, finals := []rune(jamoInitials), []rune(jamoVowels), []rune(jamoFinals)
	var b strings.Builder
	for _, r := range s {
		if r < hangulFirst || r > hangulLast {
			b.WriteString(jamoCompound(r))
			continue
		}
		n := int(r - hangulFirst)
		b.WriteRune(initials[n/(21*28)])
		b.WriteString(jamoCompound(vowels[n/28%21]))
		if f := n % 28; f > 0 {
			b.WriteString(jamoCompound(finals[f-1]))
		}
	}
	return b.String()
}

// isHangulWord reports whether w is made of Hangul only.
func isHangulWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !isHangul(r) }) < 0
}

// koreanParticles are the particles and endings stripped from query words, longest first: case particles
// (이/가, 을/를, 의, 에, 에서, (으)로), conjunctions (와/과, (이)랑, 하고), topic and focus (은/는, 도, 만), and
// each of them after the plural 들.
func koreanParticles() []string {
	base := []string{"에서는", "에서도", "에서의", "에게서", "한테서", "으로는", "으로도", "이랑은", "에서", "에게",
		"한테", "으로", "이랑", "하고", "이나", "처럼", "까지", "부터", "보다", "마다", "께서",
		"의", "에", "로", "랑", "와", "과", "은", "는", "이", "가", "을", "를", "도", "만", "나"}
	out := slices.Clone(base)
	for _, p := range base {
		out = append(out, "들"+p)
	}
	out = append(out, "들")
	slices.SortStableFunc(out, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return out
}

// agrees reports whether a particle can follow stem: 이, 을, 은, 과, (으)로 and 이랑 come after a final consonant,
// 가, 를, 는, 와, 로 and 랑 after a vowel (로 also after ㄹ). A stem that does not end in Hangul takes any.
func agrees(stem, particle string) bool {
	last, _ := utf8.DecodeLastRuneInString(stem)
	if last < hangulFirst || last > hangulLast {
		return true
	}
	final := (last - hangulFirst) % 28
	first, _ := utf8.DecodeRuneInString(particle)
	switch first {
	case '이', '을', '은', '과', '으':
		return final != 0
	case '가', '를', '는', '와', '랑':
		return final == 0
	case '로':
		return final == 0 || final == 8 // ㄹ
	}
	return true
}

// stripParticle removes a Korean particle or ending from a query word: "강아지랑" -> 강아지, "제주에서" -> 제주,
// "고양이들" -> 고양이. A word the vocabulary knows is kept whole ("고양이" is not 고양 + 이), and so is a word
// whose stem would be one syllable before a one-syllable particle ("아이", "인도"), unless the stem is itself a
// known word ("개가" -> 개). The particle must agree with the stem's last sound ("고양이와" is 고양이 + 와, never
// 고양 + 이와), and 이 alone is stripped only from a known stem: too many words end in it (아이, 오이, 고양이).
// A particle whose stem is a known word wins over a longer one.
func stripParticle(w string, v *Vocabulary) string {
	if !strings.ContainsFunc(w, isHangul) || v.Known(w) || isFiller(w) {
		return w
	}
	fallback := w
	for _, p := range koreanParticles() {
		stem, ok := strings.CutSuffix(w, p)
		if !ok || !hasAlnum(stem) {
			continue
		}
		if !agrees(stem, p) {
			continue
		}
		if v.Known(stem) || isFiller(stem) {
			return stem
		}
		short := utf8.RuneCountInString(stem) < 2 && utf8.RuneCountInString(p) < 2
		if fallback == w && !short && p != "이" {
			fallback = stem
		}
	}
	return fallback
}
