namespace EdgeSearch.Scenes;

/// <summary>
/// The conveyor belt behind the part: one gray rubber texture made once from a fixed seed, tiled, moved and shaded
/// per frame. The belt runs along x, so its weave stripes and scuffs run along x too. Written straight into the
/// frame's pixels: a textured fill is the largest area of the frame, and Skia's shader pipeline is slower at it.
/// </summary>
internal static class Belt
{
    public const int TileWidth = 512, TileHeight = 256;
    private const int Level = 170;
    private static readonly byte[] Tile = MakeTile(new SceneRandom(0xBE17));

    /// <summary>Fills an RGBA frame with the belt, moved by whole pixels and shaded through a per-channel table.</summary>
    public static void Draw(Span<byte> rgba, int width, int height, Nuisance nuisance)
    {
        var red = Shading(nuisance.BeltShade * (1 + nuisance.BeltWarmth));
        var green = Shading(nuisance.BeltShade);
        var blue = Shading(nuisance.BeltShade * (1 - nuisance.BeltWarmth));
        var (shiftX, shiftY) = ((int)nuisance.BeltShiftX, (int)nuisance.BeltShiftY);
        for (var y = 0; y < height; y++)
        {
            var row = Tile.AsSpan((y + shiftY) % TileHeight * TileWidth, TileWidth);
            var pixels = rgba.Slice(4 * width * y, 4 * width);
            for (int x = 0, t = shiftX % TileWidth; x < width; x++, t = t + 1 == TileWidth ? 0 : t + 1)
            {
                var gray = row[t];
                pixels[4 * x] = red[gray];
                pixels[4 * x + 1] = green[gray];
                pixels[4 * x + 2] = blue[gray];
                pixels[4 * x + 3] = 255;
            }
        }
    }

    private static byte[] Shading(double shade)
    {
        var table = new byte[256];
        for (var level = 0; level < table.Length; level++)
            table[level] = (byte)Math.Min(255, Math.Round(level * shade));
        return table;
    }

    private static byte[] MakeTile(SceneRandom random)
    {
        var gray = new int[TileWidth * TileHeight];
        // Weave: a six-row profile with a little random depth per row.
        ReadOnlySpan<int> weave = [6, 3, 0, -3, -6, -3];
        for (var y = 0; y < TileHeight; y++)
        {
            var row = Level + weave[y % weave.Length] + random.Next(7) - 3;
            for (var x = 0; x < TileWidth; x++)
                gray[y * TileWidth + x] = row + random.Next(25) - 12;
        }
        // Scuffs: long light streaks along the direction of travel, wrapping around the tile.
        for (var scuff = 0; scuff < 60; scuff++)
        {
            var (x0, y, length, lift) = (random.Next(TileWidth), random.Next(TileHeight), 20 + random.Next(140), 6 + random.Next(12));
            for (var dx = 0; dx < length; dx++)
                gray[y * TileWidth + (x0 + dx) % TileWidth] += lift;
        }
        var tile = new byte[gray.Length];
        for (var i = 0; i < gray.Length; i++)
        {
            // Smooth along x only, so grain looks stretched like worn rubber.
            var y = i / TileWidth;
            var x = i % TileWidth;
            var left = gray[y * TileWidth + (x + TileWidth - 1) % TileWidth];
            var right = gray[y * TileWidth + (x + 1) % TileWidth];
            tile[i] = (byte)Math.Clamp((left + 2 * gray[i] + right) / 4, 0, 255);
        }
        return tile;
    }
}
