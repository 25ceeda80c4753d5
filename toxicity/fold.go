package toxicity

import "unicode"

// lookalikes folds letters that render like Latin ones onto them, so "Ｆυсκ" and "fuck" meet
// the same weights. Hand-made rather than full NFKC: NFKC needs golang.org/x/text and still
// leaves Cyrillic and Greek look-alikes alone, which is exactly what trolls use.
var lookalikes = func() map[rune]string {
	m := map[rune]string{}
	add := func(from, to string) {
		t, f := []rune(to), []rune(from)
		if len(t) != len(f) {
			panic("toxicity: look-alike table rows differ in length: " + from)
		}
		for i, r := range f {
			m[r] = string(t[i])
		}
	}
	// Cyrillic and Greek letters that look Latin.
	add("аАвВеЕёЁкКмМнНоОрРсСтТуУхХѕЅіІјЈԁӏɡһԛԝ", "aabbeeeekkmmhhooppccttyyxxssiijjdlghqw")
	add("αΑβΒεΕζΖηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧγωΩ", "aabbeezznhiikkumvnooppttuyxxyww")
	// Latin with diacritics and other single-letter stand-ins.
	add("àáâãäåāăąǎ", "aaaaaaaaaa")
	add("çćĉċč", "ccccc")
	add("ďđ", "dd")
	add("èéêëēĕėęě", "eeeeeeeee")
	add("ĝğġģ", "gggg")
	add("ĥħ", "hh")
	add("ìíîïĩīĭįıǐ", "iiiiiiiiii")
	add("ĵķĺļľŀł", "jklllll")
	add("ñńņňŉ", "nnnnn")
	add("òóôõöøōŏőǒ", "oooooooooo")
	add("ŕŗřśŝşšţťŧ", "rrrssssttt")
	add("ùúûüũūŭůűųǔ", "uuuuuuuuuuu")
	add("ŵýÿŷźżž", "wyyyzzz")
	add("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz")
	add("¡€£¢©®ℓ", "ielccrl")
	add("’‘‛′`´", "''''''")
	add("“”„‟«»″", "\"\"\"\"\"\"\"")
	m['ß'] = "ss"
	m['æ'] = "ae"
	m['œ'] = "oe"
	m['ﬀ'] = "ff"
	m['ﬁ'] = "fi"
	m['ﬂ'] = "fl"
	return m
}()

// invisible reports runes that change nothing on screen and exist in abuse only to split words
// past a filter: zero-width spaces and joiners, bidi controls, soft hyphens, variation selectors.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r == 0xFEFF, r == 0x00AD, r == 0x034F, r == 0x180E, r >= 0xFE00 && r <= 0xFE0F,
		r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r)
}

// foldRune maps one rune to zero or more lower-case runes, appending to dst.
func foldRune(dst []rune, r rune) []rune {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, r)
	}
	if invisible(r) {
		return dst
	}
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
		return foldRune(dst, r-0xFEE0)
	case r == 0x3000: // ideographic space
		return append(dst, ' ')
	case r >= 0x1D400 && r <= 0x1D6A3: // mathematical bold, italic, script, fraktur, … letters
		i := (r - 0x1D400) % 52
		if i >= 26 {
			i -= 26
		}
		return append(dst, 'a'+i)
	case r >= 0x1D7CE && r <= 0x1D7FF:
		return append(dst, '0'+(r-0x1D7CE)%10)
	case r >= 0x24B6 && r <= 0x24CF: // circled capitals
		return append(dst, 'a'+r-0x24B6)
	case r >= 0x24D0 && r <= 0x24E9:
		return append(dst, 'a'+r-0x24D0)
	case r >= 0x249C && r <= 0x24B5: // parenthesised
		return append(dst, 'a'+r-0x249C)
	case r >= 0x1F130 && r <= 0x1F149, r >= 0x1F150 && r <= 0x1F169, r >= 0x1F170 && r <= 0x1F189:
		return append(dst, 'a'+(r-0x1F130)%32%26)
	}
	if s, ok := lookalikes[r]; ok {
		for _, x := range s {
			dst = append(dst, x)
		}
		return dst
	}
	if s, ok := lookalikes[unicode.ToLower(r)]; ok {
		for _, x := range s {
			dst = append(dst, x)
		}
		return dst
	}
	return append(dst, unicode.ToLower(r))
}
