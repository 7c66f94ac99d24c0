// Words and dates in English and Korean. The language follows the browser until the user picks one; the choice
// is remembered in localStorage.
const words = {
  timeline: ["Photos", "사진"],
  albums: ["Albums", "앨범"],
  upload: ["Upload", "올리기"],
  uploadFolder: ["Folder", "폴더"],
  uploadFiles: ["Upload photos", "사진 올리기"],
  uploadDir: ["Upload a folder", "폴더 올리기"],
  search: ["Search", "검색"],
  searchPlaceholder: ["Search: dog, 컵, august 2015, canon", "검색: 강아지, cup, 2015년 8월, canon"],
  clear: ["Clear search", "검색 지우기"],
  langButton: ["한국어", "English"],
  langLabel: ["한국어로 보기", "Switch to English"],
  theme: ["Theme", "화면 테마"],
  themeSystem: ["Theme: as the system", "테마: 시스템 설정"],
  themeLight: ["Theme: light", "테마: 밝게"],
  themeDark: ["Theme: dark", "테마: 어둡게"],
  drop: ["Drop photos or folders to upload", "사진이나 폴더를 여기에 놓으세요"],
  photos: (n) => [`${n.toLocaleString("en")} ${n === 1 ? "photo" : "photos"}`, `사진 ${n.toLocaleString("ko")}장`],
  results: (n, q) => [`${n.toLocaleString("en")} ${n === 1 ? "photo" : "photos"} for “${q}”`, `“${q}” 검색 결과 ${n.toLocaleString("ko")}장`],
  loading: ["Loading…", "불러오는 중…"],
  loadFailed: ["Could not load photos", "사진을 불러오지 못했습니다"],
  retry: ["Try again", "다시 시도"],
  empty: ["No photos yet. Drop some anywhere on this page, use Upload, or run `sajin import`.",
    "아직 사진이 없습니다. 이 화면 아무 곳에나 끌어 놓거나, 올리기를 누르거나, `sajin import`를 실행하세요."],
  noResults: (q) => [`Nothing matches “${q}”. Try one of these:`, `“${q}”에 맞는 사진이 없습니다. 이렇게 찾아 보세요:`],
  tryThese: ["Try:", "이렇게 찾아 보세요:"],
  suggestions: [["dog", "cat", "cup", "car", "person", "text", "2015", "august 2015", "canon"],
    ["강아지", "고양이", "컵", "자동차", "사람", "글자", "2015", "2015년 8월", "캐논"]],
  unknownDate: ["Date unknown", "날짜 모름"],
  years: ["Jump to a year", "연도로 이동"],
  newer: ["Show newer photos", "최근 사진 보기"],
  // viewer
  close: ["Close", "닫기"],
  prev: ["Previous photo", "이전 사진"],
  next: ["Next photo", "다음 사진"],
  info: ["Info", "정보"],
  download: ["Download original", "원본 받기"],
  taken: ["Taken", "촬영"],
  src_exif: ["from the camera (EXIF)", "카메라 기록(EXIF)"],
  src_filename: ["from the file name", "파일 이름에서"],
  src_file_mtime: ["from the file's date (a guess)", "파일 날짜에서(추정)"],
  camera: ["Camera", "카메라"],
  lens: ["Lens", "렌즈"],
  exposure: ["Exposure", "노출"],
  place: ["Place", "위치"],
  file: ["File", "파일"],
  size: ["Size", "크기"],
  labels: ["Labels", "라벨"],
  noLabels: ["No labels.", "라벨이 없습니다."],
  addLabel: ["Add a label", "라벨 추가"],
  addLabelPlaceholder: ["dog, 강아지…", "강아지, dog…"],
  add: ["Add", "추가"],
  removeLabel: (name) => [`Remove label ${name}`, `라벨 ${name} 지우기`],
  byUser: ["added by you", "직접 추가"],
  faces: (n) => [`${n} ${n === 1 ? "face" : "faces"}`, `얼굴 ${n}개`],
  textInPhoto: ["Text in the photo", "사진 속 글자"],
  working: ["Still looking at this photo; labels will appear shortly.", "사진을 분석하는 중입니다. 곧 라벨이 나타납니다."],
  failed: ["Could not do that", "처리하지 못했습니다"],
  notFound: ["This photo is no longer in the library.", "이 사진은 더 이상 보관함에 없습니다."],
  // uploads
  uploads: ["Uploads", "올리기"],
  uploadTotal: (done, all, added, dup, bad) => [
    `${done} of ${all} done · ${added} added · ${dup} already in the library · ${bad} not added`,
    `${all}개 중 ${done}개 완료 · ${added}장 추가 · ${dup}장 이미 있음 · ${bad}개 추가 안 됨`],
  up_waiting: ["waiting", "대기 중"],
  up_sending: ["sending", "보내는 중"],
  up_processing: ["processing", "처리 중"],
  up_added: ["added", "추가됨"],
  up_duplicate: ["already in your library (same file)", "이미 보관함에 있는 사진입니다(같은 파일)"],
  up_rejected: ["not added: Sajin cannot read it as a photo", "추가하지 않음: 사진으로 읽을 수 없는 파일입니다"],
  up_tooLarge: ["not added: the file is larger than the server accepts", "추가하지 않음: 서버가 받는 크기보다 큰 파일입니다"],
  up_network: ["not added: the connection broke off", "추가하지 않음: 연결이 끊겼습니다"],
  up_error: ["not added: the server could not store it", "추가하지 않음: 서버가 저장하지 못했습니다"],
  up_skipped: ["skipped: not an image file", "건너뜀: 이미지 파일이 아닙니다"],
  dismiss: ["Hide", "숨기기"],
  // albums
  favourite: ["Favourite", "즐겨찾기"],
  inAlbums: ["Albums", "앨범"],
  addToAlbum: ["Add to an album", "앨범에 추가"],
  albumPlaceholder: ["Album name, new or existing", "앨범 이름 (새 앨범 또는 기존 앨범)"],
  removeFromAlbum: ["Remove from this album", "이 앨범에서 빼기"],
  notThisPerson: ["Not this person", "이 사람이 아니에요"],
  addedToAlbum: (name) => [`Added to “${name}”`, `“${name}”에 추가했습니다`],
  deleteAlbum: ["Delete album", "앨범 지우기"],
  personName: ["Name", "이름"],
  personNamePlaceholder: ["Who is this? (Mom, Minsu…)", "누구인가요? (엄마, 민수…)"],
  save: ["Save", "저장"],
  samePerson: ["Same person as", "같은 사람:"],
  merge: ["Merge", "합치기"],
  confirmDelete: (name) => [`Delete the album “${name}”? The photos stay in your library.`, `“${name}” 앨범을 지울까요? 사진은 보관함에 그대로 남습니다.`],
  noAlbums: ["No albums yet. Add photos to one from the viewer, or mark favourites with ♡.",
    "아직 앨범이 없습니다. 사진 보기에서 앨범에 추가하거나 ♡로 즐겨찾기를 표시하세요."],
  yours: ["Your albums", "내 앨범"],
  group_event: ["Events and trips", "이벤트와 여행"],
  group_memory: ["Memories", "추억"],
  group_person: ["People", "인물"],
  group_place: ["Places", "장소"],
  group_thing: ["Things", "사물"],
  group_other: ["More albums", "다른 앨범"],
  back: ["All albums", "모든 앨범"],
  kind_event: ["Event", "이벤트"], kind_trip: ["Trip", "여행"], kind_thing: ["Things", "사물"], kind_place: ["Place", "장소"],
  kind_person: ["Person", "인물"], kind_memory: ["Memories", "추억"], kind_manual: ["Album", "앨범"],
  kind_favourites: ["Favourites", "즐겨찾기"],
  // accounts
  login: ["Log in", "로그인"],
  logout: ["Log out", "로그아웃"],
  loginHint: ["Log in to see your photos.", "사진을 보려면 로그인하세요."],
  userName: ["Name", "이름"],
  password: ["Password", "비밀번호"],
  passwordOptional: ["Password (empty: make one)", "비밀번호 (비우면 자동 생성)"],
  loginWrong: ["Wrong name or password.", "이름이나 비밀번호가 틀렸습니다."],
  loginThrottled: (msg) => [`Too many failed attempts. Wait a little and try again. ${msg}`, `실패가 너무 많습니다. 잠시 뒤에 다시 해 보세요. ${msg}`],
  account: ["Account", "계정"],
  admin: ["admin", "관리자"],
  user: ["user", "사용자"],
  role: ["Role", "역할"],
  storage: ["Storage", "용량"],
  state: ["State", "상태"],
  used: (used, quota) => [quota ? `${used} of ${quota} used` : `${used} used`, quota ? `${quota} 중 ${used} 사용` : `${used} 사용`],
  pwChange: ["Change password", "비밀번호 바꾸기"],
  pwCurrent: ["Current password", "지금 비밀번호"],
  pwNew: ["New password (8 characters or more)", "새 비밀번호 (8자 이상)"],
  pwChanged: ["Password changed. Your other sessions have been logged out.", "비밀번호를 바꿨습니다. 다른 기기의 로그인은 끝났습니다."],
  pwWrong: ["The current password is wrong.", "지금 비밀번호가 틀렸습니다."],
  tokens: ["API tokens", "API 토큰"],
  tokensHint: ["For scripts and backup apps: send “Authorization: Bearer <token>”, or the token as the password.",
    "스크립트와 백업 앱용: “Authorization: Bearer <토큰>”을 보내거나 토큰을 비밀번호로 쓰세요."],
  tokenName: ["What the token is for", "토큰 용도"],
  tokenCreate: ["Make a token", "토큰 만들기"],
  tokenOnce: ["Copy it now; it is shown only once:", "지금 복사하세요. 한 번만 보여 줍니다:"],
  lastUsed: ["last used", "마지막 사용"],
  revoke: ["Revoke", "폐기"],
  users: ["Users", "사용자"],
  addUser: ["Add user", "사용자 추가"],
  userMade: (name) => [`Added ${name}. Their password (shown only once):`, `${name} 추가됨. 비밀번호(한 번만 보여 줍니다):`],
  disabled: ["disabled", "사용 중지"],
  active: ["active", "사용 중"],
  enable: ["Enable", "다시 사용"],
  disable: ["Disable", "사용 중지"],
  remove: ["Remove", "삭제"],
  quota: ["Quota", "한도"],
  quotaPrompt: ["Storage quota in GB (0: none)", "저장 공간 한도 (GB, 0은 한도 없음)"],
  confirmRemoveUser: (name) => [`Remove ${name} and every photo of their library?`, `${name} 계정과 그 보관함의 사진을 모두 지울까요?`],
  // share links
  share: ["Share", "공유"],
  links: ["Links", "링크"],
  shareTitle: ["Share with a link", "링크로 공유"],
  shareExpires: ["Expires", "만료"],
  shareNever: ["never", "없음"],
  shareDay: ["in a day", "하루 뒤"],
  shareWeek: ["in a week", "일주일 뒤"],
  shareMonth: ["in 30 days", "30일 뒤"],
  sharePassword: ["Password for the link", "링크 비밀번호"],
  sharePasswordOptional: ["Password (optional)", "비밀번호 (선택)"],
  shareOriginals: ["Allow downloading the originals", "원본 받기 허용"],
  shareLocation: ["Show where photos were taken", "촬영 위치 보여 주기"],
  shareCreate: ["Create link", "링크 만들기"],
  shareMade: ["Link made", "링크를 만들었습니다"],
  shareLink: ["Share link", "공유 링크"],
  shareAlbum: ["Share album", "앨범 공유"],
  shareSearch: ["Share these results", "검색 결과 공유"],
  select: ["Select", "선택"],
  selectDone: ["Done", "완료"],
  shareSelected: ["Share selected", "선택한 사진 공유"],
  selected: (n) => [`${n} selected`, `${n}장 선택`],
  copy: ["Copy", "복사"],
  copied: ["Link copied.", "링크를 복사했습니다."],
  copyByHand: ["Select the link and copy it.", "링크를 선택해 복사하세요."],
  noLinks: ["No links yet. Use Share in the viewer, on an album or on search results.",
    "아직 링크가 없습니다. 사진 보기, 앨범, 검색 결과에서 공유를 누르세요."],
  revoked: ["revoked", "중지됨"],
  stopSharing: ["Revoke", "공유 중지"],
  expired: ["expired", "만료됨"],
  until: (d) => [`until ${d}`, `${d}까지`],
  noExpiry: ["no expiry", "만료 없음"],
  views: (n) => [`${n} ${n === 1 ? "view" : "views"}`, `조회 ${n}회`],
  withPassword: ["password", "비밀번호"],
  withOriginals: ["originals", "원본"],
  withLocation: ["location", "위치"],
  kindOfLink_photo: ["Photo", "사진"], kindOfLink_photos: ["Photos", "사진 여러 장"], kindOfLink_album: ["Album", "앨범"],
  kindOfLink_search: ["Search", "검색"],
  shareGone: ["This link has expired or was revoked.", "이 링크는 만료되었거나 취소되었습니다."],
  shareMissing: ["There is no such link.", "없는 링크입니다."],
  shareLocked: ["This link is protected by a password.", "비밀번호가 걸린 링크입니다."],
  unlock: ["Open", "열기"],
  downloadPhoto: ["Download", "받기"],
  sharedCount: (n) => [`${n} ${n === 1 ? "photo" : "photos"} shared with you`, `공유된 사진 ${n}장`],
  up_quota: ["not added: your storage is full", "추가하지 않음: 저장 공간이 가득 찼습니다"],
  // why a result matched; the server says "kind:value"
  why_label: ["label", "라벨"], why_text: ["text", "글자"], why_date: ["date", "날짜"], why_camera: ["camera", "카메라"],
  why_lens: ["lens", "렌즈"], why_file: ["file", "파일"], why_file_name: ["file", "파일"], why_place: ["place", "장소"],
  why_person: ["person", "인물"], why_album: ["album", "앨범"],
};

const stored = (() => { try { return localStorage.getItem("sajin.lang"); } catch { return null; } })();

/** lang is "en" or "ko". */
export let lang = stored === "ko" || stored === "en" ? stored
  : (navigator.languages || [navigator.language || ""]).some((l) => l.toLowerCase().startsWith("ko")) ? "ko" : "en";

/** t returns the word for key in the current language; function entries take arguments. */
export function t(key, ...args) {
  let w = words[key];
  if (typeof w === "function") w = w(...args);
  if (!w) return key;
  return w[lang === "ko" ? 1 : 0];
}

/** setLang switches the language, remembers it and relabels every element marked with data-i18n*. */
export function setLang(l) {
  lang = l;
  try { localStorage.setItem("sajin.lang", l); } catch { /* private mode */ }
  applyWords(document);
}

/** applyWords fills data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label and title) under root. */
export function applyWords(root) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  }
}

const locale = () => (lang === "ko" ? "ko-KR" : "en-GB");

/** dayKey is the calendar day a photo was taken, as the wall clock where it was taken showed it ("2015-08-03"). */
export function dayKey(takenAt) {
  return /^\d{4}-\d\d-\d\d/.test(takenAt || "") ? takenAt.slice(0, 10) : "";
}

/** formatDay formats a day key: "3 August 2015" / "2015년 8월 3일 (월)". */
export function formatDay(key) {
  if (!key) return t("unknownDate");
  const [y, m, d] = key.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const opts = { timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short" };
  return new Intl.DateTimeFormat(locale(), opts).format(date);
}

/** formatTaken formats a full taken_at (wall-clock time, offset shown when known). */
export function formatTaken(takenAt) {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?(.*)$/.exec(takenAt || "");
  if (!m) return takenAt || t("unknownDate");
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)));
  const s = new Intl.DateTimeFormat(locale(), {
    timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short", hour: "numeric", minute: "2-digit",
  }).format(date);
  const off = m[7].replace(/^\.\d+/, "");
  return off ? `${s} (${off === "Z" ? "UTC" : "UTC" + off})` : s;
}

/** formatYear is "2015" / "2015년". */
export function formatYear(y) { return lang === "ko" ? `${y}년` : String(y); }

/** formatBytes is a file size in the units people read. */
export function formatBytes(n) {
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return `${n.toLocaleString(locale(), { maximumFractionDigits: i ? 1 : 0 })} ${units[i]}`;
}

/** formatGPS writes a position as text: "37.5665° N, 126.9780° E" / "북위 37.5665°, 동경 126.9780°". */
export function formatGPS({ lat, lon }) {
  const a = Math.abs(lat).toFixed(4), o = Math.abs(lon).toFixed(4);
  if (lang === "ko") return `${lat >= 0 ? "북위" : "남위"} ${a}°, ${lon >= 0 ? "동경" : "서경"} ${o}°`;
  return `${a}° ${lat >= 0 ? "N" : "S"}, ${o}° ${lon >= 0 ? "E" : "W"}`;
}

/** formatWhy turns the server's "label:컵" into "label: 컵" in the current language. */
export function formatWhy(why) {
  const i = why.indexOf(":");
  if (i < 0) return why;
  const kind = why.slice(0, i);
  const w = words["why_" + kind];
  return `${w ? w[lang === "ko" ? 1 : 0] : kind}: ${why.slice(i + 1)}`;
}
