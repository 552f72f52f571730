package ingest

import (
	"strings"
	"testing"

	"gloss/search/language"
	"gloss/store"
)

// Two sets of news-like texts, short (one sentence) and long (a paragraph), in 12 languages. The
// development set was used while choosing the detector and its thresholds; the held-back set was
// written apart and is only measured (figures in BENCHMARKS.md).
var detectDev = []struct{ lang, short, long string }{
	{"en", "The council approved the budget on Tuesday.", "The city council approved the new budget on Tuesday after a long debate about housing, schools and the cost of repairing the harbour. Several members said the plan did not go far enough, while the mayor called it a careful compromise."},
	{"de", "Die Mieten in den Großstädten steigen weiter.", "Die Mieten in den deutschen Großstädten steigen weiter. Viele Familien finden keine bezahlbare Wohnung mehr, und die Regierung hat neue Regeln für den Bau von Häusern angekündigt. Kritiker sagen, dass diese Maßnahmen zu spät kommen."},
	{"fr", "Le gouvernement a présenté son budget mardi.", "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine. Les syndicats dénoncent des coupes dans les services publics, tandis que le ministre affirme que les dépenses de santé et d'éducation seront protégées."},
	{"es", "El gobierno anunció nuevas medidas económicas.", "El gobierno anunció el lunes nuevas medidas económicas para frenar la inflación. Los precios de los alimentos y de la energía han subido durante meses, y muchas familias dicen que ya no pueden pagar el alquiler a fin de mes."},
	{"it", "Il governo ha approvato la nuova legge elettorale.", "Il governo ha approvato ieri la nuova legge elettorale dopo settimane di trattative. L'opposizione ha criticato il testo, sostenendo che riduce la rappresentanza dei partiti più piccoli e che è stato discusso troppo in fretta."},
	{"nl", "De gemeente wil meer woningen bouwen in de stad.", "De gemeente wil de komende jaren duizenden nieuwe woningen bouwen in de stad. Volgens de wethouder is dat nodig omdat jonge mensen nu geen betaalbaar huis kunnen vinden, maar bewoners maken zich zorgen over het verdwijnen van groen."},
	{"pt", "O governo anunciou um novo plano para a saúde.", "O governo anunciou nesta segunda-feira um novo plano para a saúde pública. Segundo o ministro, os hospitais vão receber mais recursos e médicos, mas os sindicatos afirmam que as medidas não resolvem a falta de profissionais no interior do país."},
	{"ru", "Правительство объявило о новых мерах поддержки.", "Правительство объявило о новых мерах поддержки семей с детьми. По словам министра, выплаты увеличатся уже в следующем месяце, однако экономисты сомневаются, что этого будет достаточно на фоне роста цен."},
	{"ar", "أعلنت وزارة المياه عن خطة جديدة.", "أعلنت وزارة المياه يوم الثلاثاء عن خطة جديدة لتحسين شبكات التوزيع في المدن الكبرى. وقال الوزير إن المشروع سيستغرق ثلاث سنوات، وإن الحكومة ستعمل مع البلديات لتقليل الهدر وضمان وصول المياه إلى جميع السكان."},
	{"zh", "北京今天的空气质量有所改善。", "北京市环境监测中心今天发布报告，称今年以来空气污染明显减轻。专家表示，减少燃煤和控制机动车排放是主要原因，但冬季供暖期间的污染问题仍然需要关注。"},
	{"ja", "東京では今日、雨が降りました。", "東京都は今日、新しい防災計画を発表しました。計画では、大きな地震が起きた場合に備えて、避難所の数を増やし、食料や水の備蓄を見直すことが盛り込まれています。"},
	{"tr", "Hükümet yeni ekonomi paketini açıkladı.", "Hükümet bugün yeni ekonomi paketini açıkladı. Bakan, enflasyonla mücadele için vergi düzenlemeleri yapılacağını ve küçük işletmelere destek verileceğini söyledi, ancak muhalefet önlemlerin yetersiz olduğunu savundu."},
}

var detectHeldBack = []struct{ lang, short, long string }{
	{"en", "Police closed the bridge after the storm.", "Police closed the old bridge on Sunday morning after the storm damaged part of the railing. Engineers will inspect it this week, and drivers have been told to expect delays on the ring road until the repairs are finished."},
	{"de", "Der Bahnverkehr wurde wegen des Streiks eingestellt.", "Der Bahnverkehr im ganzen Land wurde am Montag wegen des Streiks fast vollständig eingestellt. Die Gewerkschaft fordert höhere Löhne und kürzere Arbeitszeiten, während die Bahn von einem unverhältnismäßigen Arbeitskampf spricht."},
	{"fr", "Les agriculteurs manifestent devant la préfecture.", "Des centaines d'agriculteurs ont manifesté jeudi devant la préfecture pour protester contre la baisse des prix du lait. Ils demandent à l'État de garantir un revenu minimum et de limiter les importations venues de l'étranger."},
	{"es", "La selección ganó el partido en el último minuto.", "La selección nacional ganó el partido en el último minuto gracias a un gol de cabeza del capitán. Miles de aficionados celebraron en las calles de la capital hasta la madrugada, a pesar de la lluvia y del frío."},
	{"it", "La città ha chiuso il centro storico alle auto.", "Da lunedì la città ha chiuso il centro storico alle auto private per ridurre l'inquinamento. I commercianti temono di perdere clienti, mentre molti residenti sono contenti di poter camminare e andare in bicicletta con più sicurezza."},
	{"nl", "Het kabinet valt over de asielplannen.", "Het kabinet is gevallen nadat de coalitiepartijen het niet eens konden worden over de nieuwe asielplannen. De premier bood zijn ontslag aan bij de koning, en er komen waarschijnlijk in het najaar nieuwe verkiezingen."},
	{"pt", "As chuvas causaram inundações em várias cidades.", "As fortes chuvas dos últimos dias causaram inundações em várias cidades do litoral. Centenas de famílias tiveram de deixar as suas casas, e a defesa civil pediu que os moradores evitem as áreas próximas dos rios."},
	{"ru", "В городе открылась новая станция метро.", "В субботу в городе открылась новая станция метро, которую строили почти шесть лет. Жители соседних районов говорят, что дорога на работу теперь займёт гораздо меньше времени, хотя рядом со станцией ещё идут работы."},
	{"ar", "ارتفعت أسعار الخبز في الأسواق المحلية.", "ارتفعت أسعار الخبز والطحين في الأسواق المحلية خلال الأسبوع الماضي بسبب نقص الوقود. وطالب المواطنون الحكومة بالتدخل لضبط الأسعار، فيما قالت وزارة التجارة إنها ستراقب المخابز وتعاقب المخالفين."},
	{"zh", "上海地铁新线路今天正式开通。", "上海地铁新线路今天正式开通运营，全长三十多公里，共设二十个车站。市民表示，新线路大大缩短了通勤时间，但部分车站周边的配套设施还不完善。"},
	{"ja", "大阪で新しい美術館が開館しました。", "大阪で今日、新しい美術館が開館し、初日から多くの人が訪れました。館長は、地元の若い芸術家の作品を積極的に紹介していきたいと話しています。"},
	{"tr", "İstanbul'da trafik sorunu büyüyor.", "İstanbul'da trafik sorunu her geçen gün büyüyor. Belediye yeni metro hatları ve otobüs yolları için çalışma başlattığını açıkladı, ancak vatandaşlar işe gidip gelmenin saatler sürdüğünü söylüyor."},
}

func detectionScore(t *testing.T, set []struct{ lang, short, long string }) (short, long int) {
	for _, c := range set {
		if got := language.Detect(c.short); got == c.lang {
			short++
		} else {
			t.Logf("short %s detected as %q: %s", c.lang, got, c.short)
		}
		if got := language.Detect(c.long); got == c.lang {
			long++
		} else {
			t.Logf("long %s detected as %q", c.lang, got)
		}
	}
	return short, long
}

func TestDetectLanguage(t *testing.T) {
	devShort, devLong := detectionScore(t, detectDev)
	heldShort, heldLong := detectionScore(t, detectHeldBack)
	t.Logf("development set: short %d/%d, long %d/%d; held back: short %d/%d, long %d/%d",
		devShort, len(detectDev), devLong, len(detectDev), heldShort, len(detectHeldBack), heldLong, len(detectHeldBack))
	// Paragraphs must all be right; a sentence may be left undetected ("") or, rarely, wrong.
	if devLong != len(detectDev) || heldLong != len(detectHeldBack) {
		t.Errorf("long texts: %d/%d and %d/%d detected", devLong, len(detectDev), heldLong, len(detectHeldBack))
	}
	if heldShort*10 < len(detectHeldBack)*8 {
		t.Errorf("short texts held back: %d/%d detected, want ≥ 80%%", heldShort, len(detectHeldBack))
	}
	for _, tiny := range []string{"", "OK", "12:30", "—"} {
		if got := language.Detect(tiny); got != "" {
			t.Errorf("%q detected as %q, want none", tiny, got)
		}
	}
}

func TestImportFillsLanguage(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"a.txt", detectDev[1].long, "de"},
		{"b.txt", detectDev[9].long, "zh"},
		{"c.md", "# Titel\n\n" + detectHeldBack[1].long, "de"},
		// The page's own tag wins over the detector, which would say English here.
		{"d.html", `<html lang="pt-BR"><head><title>T</title></head><body><article><h1>T</h1><p>` + detectDev[0].long + `</p><p>` + detectHeldBack[0].long + `</p></article></body></html>`, "pt-BR"},
		{"e.md", "---\nlanguage: ar\n---\n# T\n\n" + detectDev[0].long, "ar"},
	}
	for _, c := range cases {
		doc, err := ReadBytes(c.name, []byte(c.data))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Meta.Language != c.want {
			t.Errorf("%s: language %q, want %q", c.name, doc.Meta.Language, c.want)
		}
	}
	// What the page says wins over detection (the readers fill Meta.Language from html lang).
	tagged := store.NewDocument{Text: detectDev[0].long, Meta: store.Meta{Language: "pt-BR"}}
	fillLanguage(&tagged)
	if tagged.Meta.Language != "pt-BR" {
		t.Errorf("the page's tag was replaced: %q", tagged.Meta.Language)
	}
	var nd store.NewDocument
	fillLanguage(&nd)
	if nd.Meta.Language != "" {
		t.Errorf("an empty text has no language, got %q", nd.Meta.Language)
	}
}

// Thai, Lao and Khmer, written without spaces between words: a sentence and a paragraph of each, and an
// import of each as a text file. whatlanggo knows Thai and Khmer; Lao is told by its script.
func TestDetectUnspacedScripts(t *testing.T) {
	for _, c := range []struct{ lang, short, long string }{
		{"th", "ฝนตกหนักในกรุงเทพมหานคร", "วันนี้ฝนตกหนักในกรุงเทพมหานครและปริมณฑล กรมอุตุนิยมวิทยาเตือนว่าอาจเกิดน้ำท่วมฉับพลันในหลายจังหวัด ประชาชนควรติดตามข่าวสารอย่างใกล้ชิด"},
		{"lo", "ວຽງຈັນມີນ້ຳຖ້ວມ", "ລັດຖະບານລາວປະກາດວ່ານະຄອນຫຼວງວຽງຈັນມີນ້ຳຖ້ວມຫຼາຍບ້ານ ປະຊາຊົນຄວນລະວັງ ແລະ ຕິດຕາມຂ່າວສານຢ່າງໃກ້ຊິດ"},
		{"km", "ទឹកជំនន់នៅភ្នំពេញ", "រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថាមានទឹកជំនន់នៅភ្នំពេញ។ ប្រជាជនត្រូវប្រុងប្រយ័ត្ន និងតាមដានព័ត៌មានជាប្រចាំ"},
	} {
		if got := language.Detect(c.short); got != c.lang {
			t.Errorf("short %s detected as %q", c.lang, got)
		}
		if got := language.Detect(c.long); got != c.lang {
			t.Errorf("long %s detected as %q", c.lang, got)
		}
		doc, err := ReadBytes(c.lang+".txt", []byte(c.short+"\n\n"+c.long))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Meta.Language != c.lang {
			t.Errorf("%s.txt imported with language %q", c.lang, doc.Meta.Language)
		}
	}
	// Thai text quoting a Lao name stays Thai; an English article quoting Lao stays English.
	if got := language.Detect("นายกรัฐมนตรีเดินทางไปเยือนประเทศลาวและพบกับผู้นำ ວຽງຈັນ"); got != "th" {
		t.Errorf("Thai quoting Lao detected as %q", got)
	}
	if got := language.Detect(detectDev[0].long + " ວຽງຈັນ"); got != "en" {
		t.Errorf("English quoting Lao detected as %q", got)
	}
}

// TestSetLanguage: a tag is checked and stored as written; cleared, the language is detected again from the
// body (not the title), or left empty when the text cannot tell.
func TestSetLanguage(t *testing.T) {
	s := newStore(t)
	long, err := s.AddDocument(store.NewDocument{Title: "The rents", Format: "txt", Text: "The rents\n\nDie Mieten in deutschen Großstädten steigen weiter. Viele Häuser sind alt, und in manchen Gebäuden fehlt eine Heizung. Wer eine Wohnung sucht, zahlt oft die Hälfte seines Einkommens.", BodyStart: 11})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := SetLanguage(s, long.ID, " pt-BR "); err != nil || d.Meta.Language != "pt-BR" {
		t.Fatalf("set pt-BR: %q %v", d.Meta.Language, err)
	}
	if d, err := SetLanguage(s, long.ID, ""); err != nil || d.Meta.Language != "de" {
		t.Fatalf("cleared: %q %v, want de from the body", d.Meta.Language, err)
	}
	if d, _ := s.Document(long.ID); d.Meta.Language != "de" {
		t.Fatalf("stored %q", d.Meta.Language)
	}
	short, err := s.AddDocument(store.NewDocument{Title: "Kurz", Format: "txt", Text: "Häuser."})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := SetLanguage(s, short.ID, ""); err != nil || d.Meta.Language != "" {
		t.Fatalf("a text too short to tell: %q %v", d.Meta.Language, err)
	}
	for _, bad := range []string{"deutsch!", "d", "<script>"} {
		if _, err := SetLanguage(s, long.ID, bad); err == nil || !strings.Contains(err.Error(), "not a language tag") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if d, _ := s.Document(long.ID); d.Meta.Language != "de" {
		t.Fatalf("a refused tag changed the stored one: %q", d.Meta.Language)
	}
	if _, err := SetLanguage(s, "no-such-id", "de"); err == nil {
		t.Error("an unknown document was accepted")
	}
}
