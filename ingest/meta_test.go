package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedDir holds the repo's copy of the real scraped seed articles (embedded by corpus/).
const seedDir = "../corpus/seeds"

func bodyFrom(text string, m Meta) string {
	return string([]rune(text)[m.BodyStart:])
}

func TestParseMetaSeeds(t *testing.T) {
	tests := []struct {
		file, title, date, source, body string
	}{
		{"000_263cda2d82ac4836.txt",
			"Kamala Ran S.F. Program That Helped Illegals Who Were Arrested Avoid Deportation",
			"2024-07-26", "Headline USA", "'The immigration issue, as it relates"},
		{"001_740952d0cea5c6fa.txt",
			"As the district attorney for San Francisco, Kamala Harris ran a city program that kept…",
			"2024-07-25", "", "As the district attorney for San Francisco,"},
		{"002_a3fbda86f0032592.txt",
			"Kamala Harris Put Criminal Illegal Alien in Jobs Program Before He Brutally Assaulted Young Woman",
			"", "", "TOPSHOT - Senator from California"},
		{"003_aced0b21d59dbed2.txt",
			"Records show ICE backtracking on immigration program",
			"", "The San Francisco Examiner", "Federal immigration officials hastily"},
		{"004_60a69f2f8efecb7a.txt",
			"CA AG Harris: Law Enforcement Doesn’t Have to Comply With Secure Communities",
			"", "", "California Attorney General Kamala Harris"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(seedDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			m := ParseMeta(text)
			if m.Title != tt.title {
				t.Errorf("title = %q, want %q", m.Title, tt.title)
			}
			if m.Date != tt.date {
				t.Errorf("date = %q, want %q", m.Date, tt.date)
			}
			if m.Source != tt.source {
				t.Errorf("source = %q, want %q", m.Source, tt.source)
			}
			if n := len([]rune(m.Title)); strings.HasSuffix(m.Title, "…") && n > maxTitle {
				t.Errorf("shortened title has %d code points, limit %d", n, maxTitle)
			}
			if body := bodyFrom(text, m); !strings.HasPrefix(body, tt.body) {
				t.Errorf("body starts %q, want prefix %q", body[:min(len(body), 60)], tt.body)
			}
		})
	}
}

func TestParseMetaSynthetic(t *testing.T) {
	tests := []struct {
		name, text, title, date, body string
	}{
		{"CRLF", "Council Approves New Budget\r\nMarch 3, 2025\r\n\r\nThe council voted.\r\n",
			"Council Approves New Budget", "2025-03-03", "The council voted.\r\n"},
		{"emoji and combining marks before the body",
			"🔥🔥 Cafe\u0301 owners 👩‍👩‍👧 protest rent rises\n\nOwners gathered.",
			"🔥🔥 Cafe\u0301 owners 👩‍👩‍👧 protest rent rises", "", "Owners gathered."},
		{"scraper date with a headline after it", " date 2023-01-09 Storm Closes Coastal Roads\n\nRoads closed.",
			"Storm Closes Coastal Roads", "2023-01-09", "Roads closed."},
		{"scraper date alone", " date 2023-01-09\nStorm Closes Coastal Roads\nRoads closed.",
			"Storm Closes Coastal Roads", "2023-01-09", "Roads closed."},
		{"day-first dateline before headline", "25 July 2024\nMayor Resigns After Audit\nText.",
			"Mayor Resigns After Audit", "2024-07-25", "Text."},
		{"abbreviated month", "Menu\nJul. 4, 2023\nFireworks Light Up Harbor\nBody.",
			"Fireworks Light Up Harbor", "2023-07-04", "Body."},
		{"ISO dateline", "2024-07-25\n\nVoters Head To Polls Today\n\nBody.",
			"Voters Head To Polls Today", "2024-07-25", "Body."},
		{"sentence mentioning a date is not a dateline",
			"Markets Slide\nOn July 25, 2024 the markets fell sharply across the region, traders said on a busy afternoon of selling.",
			"On July 25, 2024 the markets fell sharply across the region, traders said on a busy…", "",
			"On July 25, 2024 the markets"},
		{"paragraph first: title is the first sentence",
			"The bridge reopened on Monday. Traffic returned quickly.\n\nMore text.",
			"The bridge reopened on Monday", "", "The bridge reopened"},
		{"no title at all", "Home\n\nMenu\n", "", "", "Home\n\nMenu\n"},
		{"empty lines only", "\n\n\r\n  \n", "", "", "\n\n\r\n  \n"},
		{"empty", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ParseMeta(tt.text)
			if m.Title != tt.title {
				t.Errorf("title = %q, want %q", m.Title, tt.title)
			}
			if m.Date != tt.date {
				t.Errorf("date = %q, want %q", m.Date, tt.date)
			}
			if body := bodyFrom(tt.text, m); !strings.HasPrefix(body, tt.body) {
				t.Errorf("body = %q, want prefix %q", body, tt.body)
			}
		})
	}
}

// Headlines and labels in scripts written without spaces, and sentence stops other than ".": counting
// the runs between spaces made a Chinese headline a one-word label, hidden, and titled the article by
// its whole first paragraph.
func TestParseMetaOtherScripts(t *testing.T) {
	tests := []struct {
		name, text, title, body string
	}{
		{"Chinese headline", "北京空气质量\n\n北京市环境监测中心今天发布报告。专家表示。\n", "北京空气质量", "北京市环境监测中心"},
		{"Chinese section label before the headline", "国际新闻\n北京空气质量明显改善\n\n报告说。\n", "北京空气质量明显改善", "报告说。"},
		{"Chinese paragraph first: title is its first sentence",
			"北京市环境监测中心今天发布报告，称今年以来空气污染明显减轻。专家表示，减少燃煤是主要原因。\n",
			"北京市环境监测中心今天发布报告，称今年以来空气污染明显减轻", "北京市环境监测中心"},
		{"Japanese headline", "東京で大雨警報\n\n気象庁は今日、大雨警報を出した。\n", "東京で大雨警報", "気象庁は"},
		{"Thai headline", "กรมอุตุฯ เตือนน้ำท่วมฉับพลัน\n\nวันนี้ฝนตกหนักในกรุงเทพมหานคร\n", "กรมอุตุฯ เตือนน้ำท่วมฉับพลัน", "วันนี้ฝนตก"},
		{"Thai one-word label", "ข่าว\nกรมอุตุฯ เตือนน้ำท่วมฉับพลัน\n\nวันนี้ฝนตกหนัก\n", "กรมอุตุฯ เตือนน้ำท่วมฉับพลัน", "วันนี้ฝนตก"},
		{"Arabic headline", "وزارة المياه تعلن خطة جديدة\n\nأعلنت الوزارة يوم الثلاثاء عن خطة.\n", "وزارة المياه تعلن خطة جديدة", "أعلنت"},
		{"Arabic question stop", "هل تنجح خطة المياه الجديدة في المدن الكبرى؟ يقول الخبراء إن الأمر صعب جدا وإن التنفيذ سيستغرق سنوات طويلة قبل أن تظهر النتائج للناس\n",
			"هل تنجح خطة المياه الجديدة في المدن الكبرى؟", "هل تنجح"},
		{"Hindi danda", "दिल्ली में आज भारी बारिश हुई। मौसम विभाग ने चेतावनी दी है कि कल भी बारिश होगी और लोग घरों में रहें क्योंकि सड़कें बंद हैं\n",
			"दिल्ली में आज भारी बारिश हुई", "दिल्ली में"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ParseMeta(tt.text)
			if m.Title != tt.title {
				t.Errorf("title = %q, want %q", m.Title, tt.title)
			}
			if body := bodyFrom(tt.text, m); !strings.HasPrefix(body, tt.body) {
				t.Errorf("body = %q, want prefix %q", body, tt.body)
			}
		})
	}
}

func TestBodyStartCountsCodePoints(t *testing.T) {
	text := "Émigré 🎉 families return home\n\nBody"
	m := ParseMeta(text)
	if want := strings.Count(text[:strings.Index(text, "Body")], "") - 1; m.BodyStart != want {
		t.Fatalf("BodyStart = %d, want %d code points (byte offset is %d)", m.BodyStart, want, strings.Index(text, "Body"))
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("word ", 30)
	got := shorten(strings.TrimSpace(long), 20)
	if got != "word word word word…" {
		t.Fatalf("shorten = %q", got)
	}
	if got := shorten("short", 20); got != "short" {
		t.Fatalf("shorten kept-short = %q", got)
	}
}
