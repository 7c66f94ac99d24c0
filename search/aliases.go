package search

import "strings"

// aliases returns other spellings that a query word also matches: Korean names of camera makers and models,
// whose EXIF names are Latin ("아이폰" finds "iPhone 13"), and the Samsung phone line, whose EXIF model is a code
// ("SM-G991N"). The word itself is not included.
func aliases(word string) []string {
	switch word {
	case "아이폰":
		return []string{"iphone"}
	case "애플":
		return []string{"apple"}
	case "갤럭시", "galaxy", "삼성", "삼성전자":
		return []string{"samsung"}
	case "캐논":
		return []string{"canon"}
	case "니콘":
		return []string{"nikon"}
	case "소니":
		return []string{"sony"}
	case "후지", "후지필름":
		return []string{"fujifilm"}
	case "라이카":
		return []string{"leica"}
	case "올림푸스":
		return []string{"olympus"}
	case "파나소닉", "루믹스":
		return []string{"panasonic"}
	case "구글", "픽셀":
		return []string{"google"}
	case "펜탁스":
		return []string{"pentax"}
	case "리코":
		return []string{"ricoh"}
	case "시그마":
		return []string{"sigma"}
	case "탐론":
		return []string{"tamron"}
	case "고프로":
		return []string{"gopro"}
	case "엘지":
		return []string{"lg"}
	case "샤오미":
		return []string{"xiaomi"}
	case "화웨이":
		return []string{"huawei"}
	case "코닥":
		return []string{"kodak"}
	case "디제이아이":
		return []string{"dji"}
	}
	return nil
}

// withAliases is word followed by its aliases.
func withAliases(word string) []string { return append([]string{word}, aliases(word)...) }

// stripAliasParticle removes a Korean particle from a word that has aliases: "아이폰으로" -> 아이폰,
// "캐논이랑" -> 캐논. General particle stripping is left to the Korean analysis of labels.
func stripAliasParticle(t string) string {
	for _, p := range []string{"이랑", "으로", "에서", "하고", "로", "랑", "의", "은", "는", "이", "가", "을", "를",
		"과", "와", "도", "만"} {
		if stem, ok := strings.CutSuffix(t, p); ok && aliases(stem) != nil {
			return stem
		}
	}
	return t
}
