using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>
/// The conveyor belt behind the part: one rubber texture made once from a fixed seed, tiled, moved and shaded per frame.
/// The belt runs along x, so its weave stripes and scuffs run along x too.
/// </summary>
internal static class Belt
{
    public const int TileWidth = 512, TileHeight = 256;
    private const int Level = 170;
    private static readonly SKImage Tile = MakeTile(new SceneRandom(0xBE17));

    public static void Draw(SKCanvas canvas, Nuisance nuisance)
    {
        byte Channel(double warmth) => (byte)Math.Round(255 * nuisance.BeltShade * (1 + warmth));
        using var shader = Tile.ToShader(SKShaderTileMode.Repeat, SKShaderTileMode.Repeat,
            SKMatrix.CreateTranslation((float)nuisance.BeltShiftX, (float)nuisance.BeltShiftY));
        using var shade = SKColorFilter.CreateBlendMode(
            new SKColor(Channel(nuisance.BeltWarmth), Channel(0), Channel(-nuisance.BeltWarmth)), SKBlendMode.Modulate);
        using var paint = new SKPaint { Shader = shader, ColorFilter = shade };
        canvas.DrawPaint(paint);
    }

    private static SKImage MakeTile(SceneRandom random)
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
        var rgba = new byte[TileWidth * TileHeight * 4];
        for (var i = 0; i < gray.Length; i++)
        {
            // Smooth along x only, so grain looks stretched like worn rubber.
            var y = i / TileWidth;
            var x = i % TileWidth;
            var left = gray[y * TileWidth + (x + TileWidth - 1) % TileWidth];
            var right = gray[y * TileWidth + (x + 1) % TileWidth];
            var value = (byte)Math.Clamp((left + 2 * gray[i] + right) / 4, 0, 255);
            rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = value;
            rgba[4 * i + 3] = 255;
        }
        var info = new SKImageInfo(TileWidth, TileHeight, SKColorType.Rgba8888, SKAlphaType.Opaque);
        return SKImage.FromPixelCopy(info, rgba);
    }
}
