namespace EdgeSearch.Daemon.Annotation;

/// <summary>
/// A 5×7 pixel font of digits, capital letters and the punctuation labels and numbers need, drawn into RGB24
/// pixels; lower case is drawn as capitals and anything else as '?'. Small enough to keep a font library (and a
/// renderer) out of the daemon.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5, GlyphHeight = 7, Advance = 6;

    private const string Characters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .,:-_#/%()=+?";

    /// <summary>Seven rows of each glyph in the order of <see cref="Characters"/>, two hex digits a row, the leftmost pixel the highest of 5 bits.</summary>
    private const string Rows =
        "0E11131519110E040C040404040E0E11010204081F1F02040201110E02060A121F02021F101E0101110E" +
        "0608101E11110E1F0102040808080E11110E11110E0E11110F01020C0E11111F1111111E11111E11111E" +
        "0E11101010110E1C12111111121C1F10101E10101F1F10101E1010100E11101711110F1111111F111111" +
        "0E04040404040E0702020202120C111214181412111010101010101F111B151511111111111915131111" +
        "0E11111111110E1E11111E1010100E11111115120D1E11111E1412110F10100E01011E1F040404040404" +
        "1111111111110E11111111110A041111111515150A11110A040A111111110A040404041F01020408101F" +
        "0000000000000000000000000C0C000000000C0408000C0C000C0C000000001F0000000000000000001F" +
        "0A0A1F0A1F0A0A0001020408100018190204081303020408080804020804020202040800001F001F0000" +
        "0004041F0404000E110102040004";

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int Width(string text, int scale) => text.Length * Advance * scale;

    /// <summary>Draws <paramref name="text"/> with its top left at (x, y); pixels outside the image are skipped.</summary>
    public static void Draw(RgbCanvas canvas, string text, int x, int y, int scale, (byte R, byte G, byte B) color)
    {
        foreach (var c in text)
        {
            var glyph = Characters.IndexOf(char.ToUpperInvariant(c));
            if (glyph < 0)
                glyph = Characters.IndexOf('?');
            for (var row = 0; row < GlyphHeight; row++)
            {
                var bits = Convert.ToInt32(Rows.Substring((glyph * GlyphHeight + row) * 2, 2), 16);
                for (var column = 0; column < GlyphWidth; column++)
                    if ((bits & (1 << (GlyphWidth - 1 - column))) != 0)
                        canvas.Fill(x + column * scale, y + row * scale, scale, scale, color);
            }
            x += Advance * scale;
        }
    }
}
