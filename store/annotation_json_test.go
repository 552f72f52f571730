package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// filledAnnotation sets every field of Annotation (found by reflection, so a field added later is
// covered) to a value that is not zero.
func filledAnnotation(t testing.TB) Annotation {
	var a Annotation
	var fill func(v reflect.Value, path string)
	fill = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.String:
			v.SetString("value of " + path)
		case reflect.Int, reflect.Int64:
			v.SetInt(int64(len(path)))
		case reflect.Float64:
			v.SetFloat(0.75)
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Slice:
			if v.Type().Elem().Kind() != reflect.String {
				t.Fatalf("%s: fill does not know %s", path, v.Type())
			}
			v.Set(reflect.ValueOf([]string{"a", "b"}))
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				v.Set(reflect.ValueOf(time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)))
				return
			}
			for i := range v.NumField() {
				fill(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), path)
		default:
			t.Fatalf("%s: fill does not know %s", path, v.Type())
		}
	}
	fill(reflect.ValueOf(&a).Elem(), "Annotation")
	return a
}

// TestDecodeAnnotationFastPath: what the store writes, with every field set, is read without
// json.Unmarshal. A field added to Annotation must be added to annotationDecoder.record too.
func TestDecodeAnnotationFastPath(t *testing.T) {
	a := filledAnnotation(t)
	raw, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var got Annotation
	d := annotationDecoder{raw: raw}
	if !d.fast(&got) {
		t.Fatalf("the fast path refused %s (a new field? add it to annotationDecoder.record)", raw)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("fast path:\n got %+v\nwant %+v", got, a)
	}
}

// TestDecodeAnnotationMatchesJSON: on stored records and on mutations of them (escapes, invalid UTF-8,
// other keys, whitespace, nulls, odd numbers, broken JSON) decodeAnnotation gives what json.Unmarshal
// gives, error or value (DeepEqual also tells a nil slice from an empty one).
func TestDecodeAnnotationMatchesJSON(t *testing.T) {
	base := []Annotation{filledAnnotation(t), {}, {
		ID: "0190a0b1-0000-7000-8000-000000000001", DocID: "d", Version: 2, Start: 0, End: 12,
		Exact: "Zoë’s 🔎 “quote”", Prefix: "", Suffix: "\n\ttab <b>&amp;</b> \"q\" \\ \u2028", Tags: []string{},
		Note: "ctrl \x01 \x7f", Author: "O'Neil", Created: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC),
		Modified: time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)), Anchor: Anchor{Status: "fuzzy", Confidence: 1e-7, Version: 1},
	}}
	inputs := []string{``, `{}`, `null`, `[]`, `{"id":"x"}x`, `{"id":"x",}`, `{"id":1}`, `{"ID":"x"}`, `{"tags":null}`,
		`{"tags":[]}`, `{"tags":["a",]}`, `{"tags":["a" ,"b"]}`, `{"start":-0}`, `{"start":01}`, `{"start":1.0}`, `{"start":1e2}`,
		`{"start":99999999999999999999}`, `{"start":-}`, `{"anchor":{"confidence":1e400}}`, `{"anchor":{"confidence":.5}}`,
		`{"anchor":{"confidence":-0.5E+2}}`, `{"anchor":{"confidence":1.}}`, `{"anchor":{"status":"a"},"anchor":{"version":3}}`,
		`{"tags":["a"],"tags":["b","c"]}`, `{"created":"2024-13-01T00:00:00Z"}`, `{"created":"2024-01-01T00:00:00+01:00"}`,
		`{"created":null}`, `{"note":"a\u0041\"b"}`, "{\"note\":\"bad \xff utf8\"}", "{\"note\":\"ctrl \x01\"}", ` {"id":"x"}`,
		`{"id" :"x"}`, `{"unknown":[1,{"a":2}],"id":"x"}`, `{"id":"x"`, `{"anchor":{"extra":1}}`, `{"merged":"f.jsonld"}`,
		`{"note":"\ud83d\ude00 \u00e9\/\"\\\b\f\n\r\t"}`, `{"note":"\ud83d"}`, `{"note":"\ud83dx"}`, `{"note":"\ud83d\u0041"}`,
		`{"note":"\udc00\ud83d\ude00"}`, `{"note":"\ud83d\ud83d\ude00"}`, `{"note":"\'"}`, `{"note":"\x"}`, `{"note":"\u12"}`,
		`{"note":"\uZZZZ"}`, `{"note":"\"}`, `{"tags":["\u0041"]}`, `{"i\u0064":"x"}`, `{"created":"2024\u002d01-01T00:00:00Z"}`,
		`{"anchor":{"status":"\u0041"}}`}
	for _, a := range base {
		raw, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(raw))
		indented, _ := json.MarshalIndent(a, "", " ")
		inputs = append(inputs, string(indented))
	}
	// Random cuts and byte changes of the stored forms.
	rng := rand.New(rand.NewPCG(3, 4))
	stored := inputs[len(inputs)-6:]
	for range 3000 {
		b := []byte(stored[rng.IntN(len(stored))])
		switch rng.IntN(3) {
		case 0:
			b = b[:rng.IntN(len(b)+1)]
		case 1:
			const bytes = "\"\\{}[],:0-.e \xff\x01aZ"
			b[rng.IntN(len(b))] = bytes[rng.IntN(len(bytes))]
		case 2:
			i := rng.IntN(len(b))
			b = []byte(string(b[:i]) + []string{`\n`, `\u00e9`, ` `, `null`, `"`, `1`}[rng.IntN(6)] + string(b[i:]))
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		var want, got Annotation
		wantErr := json.Unmarshal([]byte(in), &want)
		gotErr := decodeAnnotation([]byte(in), &got)
		if (wantErr == nil) != (gotErr == nil) || (wantErr == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%q:\n got %+v, %v\nwant %+v, %v", in, got, gotErr, want, wantErr)
		}
	}
}

func FuzzDecodeAnnotation(f *testing.F) {
	raw, _ := json.Marshal(filledAnnotation(f))
	f.Add(raw)
	f.Add([]byte(`{"tags":[],"anchor":{"confidence":1}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var want, got Annotation
		wantErr := json.Unmarshal(in, &want)
		gotErr := decodeAnnotation(in, &got)
		if (wantErr == nil) != (gotErr == nil) || (wantErr == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%q:\n got %+v, %v\nwant %+v, %v", in, got, gotErr, want, wantErr)
		}
	})
}

func BenchmarkDecodeAnnotation(b *testing.B) {
	a := filledAnnotation(b)
	a.Note = strings.Repeat("A note with **Markdown**. ", 3)
	raw, _ := json.Marshal(a)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			var got Annotation
			if err := decodeAnnotation(raw, &got); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			var got Annotation
			if err := json.Unmarshal(raw, &got); err != nil {
				b.Fatal(err)
			}
		}
	})
}
