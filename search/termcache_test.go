package search

import (
	"reflect"
	"sync"
	"testing"
)

// TestTermCacheAcrossSearches: a search answered with words cached by earlier searches (and by searches
// running at the same time: run with -race) gives exactly what it gives with nothing cached; the cache
// holds the words it met and stays under its cap.
func TestTermCacheAcrossSearches(t *testing.T) {
	l := newLibrary(t)
	l.addIn("de", "Mieten", "Die Mieten in den Großstädten steigen. Häuser und Wohnungen werden teurer, sagen Mieter.")
	l.addIn("ar", "المياه", "أعلنت وزارة المياه عن خطة جديدة لتحسين جودة المياه في المدن، وقالت الوزارة إن العمل سيبدأ قريبا.")
	l.addIn("zh", "空气", "北京市环境监测中心表示，上周空气质量明显下降，空气污染监测数据显示污染严重。")
	l.add("English", "", "", "The houses in the cities are getting dearer, the tenants said on Tuesday.")
	l.catchUp()
	queries := []string{"haus", "Großstadt", "mieter", "مياه", "وزارة", "空气", "监测", "houses", "tenant*", `"空气质量"`, `"die mieten"`}
	cold := map[string]Results{}
	for _, q := range queries {
		l.ix.terms = termCaches{}
		cold[q] = l.search(Query{Text: q})
		if len(cold[q].Docs) == 0 {
			t.Errorf("%q finds nothing", q)
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				for _, q := range queries {
					got, err := l.ix.Search(l.s, Query{Text: q})
					if err != nil {
						t.Error(err)
						return
					}
					if !reflect.DeepEqual(got, cold[q]) {
						t.Errorf("%q with cached words:\n%+v\nwith none:\n%+v", q, got, cold[q])
					}
				}
			}
		}()
	}
	wg.Wait()
	l.ix.terms.mu.Lock()
	defer l.ix.terms.mu.Unlock()
	for _, key := range []string{"de", "ar", ""} { // Chinese is the generic analysis ("")
		if n := len(l.ix.terms.byKey[key]); n == 0 || n > maxCachedTerms {
			t.Errorf("the %s cache holds %d words", key, n)
		}
	}
}
