package toxicity

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"
)

// The model file: gzip of magic, header, per-head scale and calibration, int16 weights, then the
// cuss lexicon and the training vocabulary, all little-endian, maps written in sorted order so the
// same model always gives the same bytes.
const magic = "PARLEYTOX5"

//go:embed model/model.bin.gz
var embedded []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
)

// Default returns the model embedded in the binary, loading it on first use. It panics only if the
// embedded bytes are corrupt, which a test guards against.
func Default() *Model {
	defaultOnce.Do(func() {
		m, err := Load(bytes.NewReader(embedded))
		if err != nil {
			panic(fmt.Sprintf("toxicity: embedded model is corrupt: %v", err))
		}
		defaultModel = m
	})
	return defaultModel
}

// Save writes the model in the format Load reads.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	bw := bufio.NewWriter(zw)
	le := binary.LittleEndian
	var b []byte
	b = append(b, magic...)
	b = append(b, m.bits, numHeads)
	for h := range numHeads {
		b = le.AppendUint32(b, math.Float32bits(m.scale[h]))
		b = le.AppendUint64(b, math.Float64bits(m.platt[h][0]))
		b = le.AppendUint64(b, math.Float64bits(m.platt[h][1]))
	}
	for _, v := range m.blockW {
		b = le.AppendUint32(b, math.Float32bits(v))
	}
	b = binary.AppendUvarint(b, uint64(len(m.info)))
	b = append(b, m.info...)
	bw.Write(b)
	// Weights head by head rather than interleaved: each head's runs of zeros compress better.
	b = b[:0]
	for h := range numHeads {
		for i := h; i < len(m.w); i += numHeads {
			b = le.AppendUint16(b, uint16(m.w[i]))
		}
	}
	bw.Write(b)
	if m.idf != nil {
		bw.Write([]byte{1})
		bw.Write(m.idf)
	} else {
		bw.Write([]byte{0})
	}
	b = b[:0]
	b = appendStrings(b, sortedKeys(m.cuss), func(b []byte, k string) []byte { return append(b, byte(m.cuss[k])) })
	b = appendStrings(b, sortedKeys(m.vocab), func(b []byte, k string) []byte { return binary.AppendUvarint(b, uint64(m.vocab[k])) })
	bw.Write(b)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func appendStrings(b []byte, ks []string, val func([]byte, string) []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(ks)))
	for _, k := range ks {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = val(b, k)
	}
	return b
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	m, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	return m, nil
}

var errShort = errors.New("truncated model file")

func decode(d []byte) (*Model, error) {
	le := binary.LittleEndian
	if len(d) < len(magic)+2 || string(d[:len(magic)]) != magic {
		return nil, errors.New("not a Parley toxicity model (bad magic)")
	}
	d = d[len(magic):]
	m := &Model{bits: d[0]}
	if d[1] != numHeads || m.bits < 8 || m.bits > 26 {
		return nil, fmt.Errorf("unsupported model shape: %d bits, %d heads", d[0], d[1])
	}
	d = d[2:]
	m.mask = 1<<m.bits - 1
	for h := range numHeads {
		if len(d) < 20 {
			return nil, errShort
		}
		m.scale[h] = math.Float32frombits(le.Uint32(d))
		m.platt[h][0] = math.Float64frombits(le.Uint64(d[4:]))
		m.platt[h][1] = math.Float64frombits(le.Uint64(d[12:]))
		d = d[20:]
	}
	if len(d) < 4*numKinds {
		return nil, errShort
	}
	for k := range m.blockW {
		m.blockW[k] = math.Float32frombits(le.Uint32(d))
		d = d[4:]
	}
	n, k := binary.Uvarint(d)
	if k <= 0 || uint64(len(d)-k) < n {
		return nil, errShort
	}
	m.info, d = string(d[k:k+int(n)]), d[k+int(n):]
	size := (1 << m.bits) * numHeads
	if len(d) < 2*size {
		return nil, errShort
	}
	m.w = make([]int16, size)
	for h := range numHeads {
		for i := h; i < size; i += numHeads {
			m.w[i] = int16(le.Uint16(d))
			d = d[2:]
		}
	}
	if len(d) < 1 {
		return nil, errShort
	}
	if d[0] == 1 {
		if len(d) < 1+size/numHeads {
			return nil, errShort
		}
		m.idf = append([]uint8(nil), d[1:1+size/numHeads]...)
		d = d[1+size/numHeads:]
	} else {
		d = d[1:]
	}
	var err error
	m.cuss = map[string]int8{}
	if d, err = readStrings(d, func(k string, d []byte) ([]byte, error) {
		if len(d) < 1 {
			return nil, errShort
		}
		m.cuss[k] = int8(d[0])
		return d[1:], nil
	}); err != nil {
		return nil, err
	}
	m.vocab = map[string]uint32{}
	if d, err = readStrings(d, func(k string, d []byte) ([]byte, error) {
		v, n := binary.Uvarint(d)
		if n <= 0 {
			return nil, errShort
		}
		m.vocab[k] = uint32(v)
		return d[n:], nil
	}); err != nil {
		return nil, err
	}
	if len(d) != 0 {
		return nil, errors.New("trailing bytes after model")
	}
	m.lx = newLexicon(m.cuss, m.vocab)
	m.cacheWords()
	return m, nil
}

func readStrings(d []byte, val func(string, []byte) ([]byte, error)) ([]byte, error) {
	n, k := binary.Uvarint(d)
	if k <= 0 || n > uint64(len(d)) {
		return nil, errShort
	}
	d = d[k:]
	for range n {
		l, k := binary.Uvarint(d)
		if k <= 0 || uint64(len(d)-k) < l {
			return nil, errShort
		}
		key := string(d[k : k+int(l)])
		var err error
		if d, err = val(key, d[k+int(l):]); err != nil {
			return nil, err
		}
	}
	return d, nil
}
