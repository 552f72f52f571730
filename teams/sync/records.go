package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// annDoc and tagDoc are the bodies that travel (without _id and _rev).
type annDoc struct {
	Type     string    `json:"type"`
	DocSHA   string    `json:"docSha256"`
	Version  int       `json:"version"`
	Start    int       `json:"start"`
	End      int       `json:"end"`
	Exact    string    `json:"exact"`
	Prefix   string    `json:"prefix"`
	Suffix   string    `json:"suffix"`
	Tags     []string  `json:"tags"`
	Note     string    `json:"note"`
	Author   string    `json:"author"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
}

type tagDoc struct {
	Type        string `json:"type"`
	Path        string `json:"path"`
	Colour      string `json:"colour"`
	Description string `json:"description"`
}

type local struct {
	key  string
	body any
	hash string
}

func hashOf(body any) (string, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:]), nil
}
