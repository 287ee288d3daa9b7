using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Index;

/// <summary>
/// Exact in-memory k-nearest-neighbour search by cosine similarity over L2-normalised embeddings.
/// Rows live back to back in one array (float32, or int8 codes plus one scale per row, see
/// <see cref="VectorPrecision"/>). A search scans every row with the SIMD <see cref="RowDot"/> kernel and keeps the
/// best k in a fixed-size heap; results are ordered by similarity, ties by insertion order.
/// Large galleries are split across threads and the per-thread best k merged.
/// Searches may run concurrently with each other, not with <see cref="Add"/>.
/// </summary>
public sealed class VectorIndex
{
    private const int RowsPerChunk = 256;
    private const int StackQueryLimit = 1024;

    private readonly AlignedRows<float> _floats;
    private readonly AlignedRows<sbyte> _codes;
    private float[] _scales = [];
    private long[] _ids = [];

    public VectorIndex(int dimension, VectorPrecision precision = VectorPrecision.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!Enum.IsDefined(precision))
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        Dimension = dimension;
        Precision = precision;
        _floats = new AlignedRows<float>(dimension);
        _codes = new AlignedRows<sbyte>(dimension);
    }

    public int Dimension { get; }
    public VectorPrecision Precision { get; }
    public int Count { get; private set; }

    /// <summary>Upper bound on the threads one search uses.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>A search only spreads over threads when each gets at least this many rows.</summary>
    public int MinRowsPerThread { get; init; } = 16384;

    public long IdAt(int row) => _ids[row];

    /// <summary>Appends one L2-normalised embedding under the caller's <paramref name="id"/>.</summary>
    public void Add(long id, ReadOnlySpan<float> embedding)
    {
        UnitVector.Check(embedding, Dimension, $"embedding of id {id}");

        EnsureCapacity(Count + 1);
        var row = Count;
        _ids[row] = id;
        if (Precision == VectorPrecision.Float32)
            embedding.CopyTo(_floats.Rows(row, 1));
        else
            _scales[row] = ScalarQuantizer.Quantize(embedding, _codes.Rows(row, 1));
        Count++;
    }

    /// <summary>Searches with k = <c>results.Length</c>; returns how many were written (at most <see cref="Count"/>).</summary>
    public int Search(ReadOnlySpan<float> query, Span<Neighbor> results)
    {
        CheckQuery(query);
        var threads = ThreadsFor(Count);
        return threads == 1 ? SearchSequential(query, results) : SearchParallel(query, results, threads);
    }

    public Neighbor[] Search(ReadOnlySpan<float> query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var results = new Neighbor[Math.Min(k, Count)];
        Search(query, results);
        return results;
    }

    /// <summary>
    /// Searches each of the row-major <paramref name="queries"/>; the results of query q are
    /// <c>results[q*k .. q*k + n)</c>, where n = min(k, Count) is returned. Queries are spread over threads.
    /// </summary>
    public int SearchBatch(ReadOnlyMemory<float> queries, int k, Memory<Neighbor> results)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (queries.Length % Dimension != 0)
            throw new ArgumentException($"{queries.Length} query values are not a whole number of {Dimension}-d queries.", nameof(queries));
        var queryCount = queries.Length / Dimension;
        if (results.Length < (long)queryCount * k)
            throw new ArgumentException($"Results hold {results.Length} neighbours; {queryCount} queries × k={k} need {queryCount * k}.", nameof(results));

        for (var q = 0; q < queryCount; q++)
            CheckQuery(queries.Span.Slice(q * Dimension, Dimension));

        var threads = Math.Min(ThreadsFor((long)Count * queryCount), queryCount);
        Parallel.For(0, queryCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(threads, 1) }, q =>
            SearchSequential(queries.Span.Slice(q * Dimension, Dimension), results.Span.Slice(q * k, k)));
        return Math.Min(k, Count);
    }

    private int ThreadsFor(long rows) =>
        (int)Math.Clamp(rows / Math.Max(MinRowsPerThread, 1), 1, Math.Max(MaxParallelism, 1));

    private int SearchSequential(ReadOnlySpan<float> query, Span<Neighbor> results)
    {
        var top = new TopK(results);
        if (Precision == VectorPrecision.Float32)
        {
            ScanFloat(query, 0, Count, ref top);
        }
        else
        {
            var rented = Dimension > StackQueryLimit ? ArrayPool<sbyte>.Shared.Rent(Dimension) : null;
            var codes = rented is null ? stackalloc sbyte[Dimension] : rented.AsSpan(0, Dimension);
            var scale = ScalarQuantizer.Quantize(query, codes);
            ScanInt8(codes, scale, 0, Count, ref top);
            if (rented is not null)
                ArrayPool<sbyte>.Shared.Return(rented);
        }
        return Finish(ref top, results);
    }

    private int SearchParallel(ReadOnlySpan<float> query, Span<Neighbor> results, int threads)
    {
        var k = Math.Min(results.Length, Count);
        var queryCopy = ArrayPool<float>.Shared.Rent(Dimension);
        var codes = ArrayPool<sbyte>.Shared.Rent(Dimension);
        var partials = ArrayPool<Neighbor>.Shared.Rent(threads * k);
        var partialCounts = ArrayPool<int>.Shared.Rent(threads);
        try
        {
            query.CopyTo(queryCopy);
            var scale = Precision == VectorPrecision.Int8 ? ScalarQuantizer.Quantize(query, codes) : 0f;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var top = new TopK(partials.AsSpan(t * k, k));
                int start = (int)((long)Count * t / threads), end = (int)((long)Count * (t + 1) / threads);
                if (Precision == VectorPrecision.Float32)
                    ScanFloat(queryCopy.AsSpan(0, Dimension), start, end, ref top);
                else
                    ScanInt8(codes.AsSpan(0, Dimension), scale, start, end, ref top);
                partialCounts[t] = top.Count;
            });

            var merged = new TopK(results);
            for (var t = 0; t < threads; t++)
                foreach (var candidate in partials.AsSpan(t * k, partialCounts[t]))
                    merged.Offer(candidate.Id, candidate.Similarity);
            return Finish(ref merged, results);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(queryCopy);
            ArrayPool<sbyte>.Shared.Return(codes);
            ArrayPool<Neighbor>.Shared.Return(partials);
            ArrayPool<int>.Shared.Return(partialCounts);
        }
    }

    // Straight to optimised code: a scan is the hot loop, and tier-0 SIMD code is an order of magnitude slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanFloat(scoped ReadOnlySpan<float> query, int start, int end, ref TopK top)
    {
        Span<float> dots = stackalloc float[RowsPerChunk];
        for (var row = start; row < end; row += RowsPerChunk)
        {
            var block = dots[..Math.Min(RowsPerChunk, end - row)];
            RowDot.Compute(query, _floats.Rows(row, block.Length), block);
            Offer(block, row, ref top);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanInt8(scoped ReadOnlySpan<sbyte> query, float queryScale, int start, int end, ref TopK top)
    {
        Span<float> dots = stackalloc float[RowsPerChunk];
        Span<float> scales = stackalloc float[RowsPerChunk];
        for (var row = start; row < end; row += RowsPerChunk)
        {
            var block = dots[..Math.Min(RowsPerChunk, end - row)];
            var blockScales = scales[..block.Length];
            RowDot.Compute(query, _codes.Rows(row, block.Length), block);
            TensorPrimitives.Multiply(_scales.AsSpan(row, block.Length), queryScale, blockScales);
            TensorPrimitives.Multiply(block, blockScales, block);
            Offer(block, row, ref top);
        }
    }

    // Once the heap is full almost no row is good enough to enter it: one vectorised maximum skips most blocks, and
    // in the rest a vector comparison with the threshold finds the few rows worth a heap offer.
    private static void Offer(scoped ReadOnlySpan<float> similarities, int firstRow, ref TopK top)
    {
        var threshold = top.Threshold;
        if (TensorPrimitives.Max(similarities) < threshold)
            return;
        var i = 0;
        for (; i <= similarities.Length - Vector128<float>.Count; i += Vector128<float>.Count)
        {
            var candidates = Vector128.GreaterThanOrEqual(Vector128.Create(similarities[i..]), Vector128.Create(threshold)).ExtractMostSignificantBits();
            for (; candidates != 0; candidates &= candidates - 1)
            {
                var at = i + BitOperations.TrailingZeroCount(candidates);
                top.Offer(firstRow + at, similarities[at]);
            }
            threshold = top.Threshold;
        }
        for (; i < similarities.Length; i++)
            top.Offer(firstRow + i, similarities[i]);
    }

    // The heap holds row numbers while scanning; the caller gets its own ids.
    private int Finish(ref TopK top, Span<Neighbor> results)
    {
        var best = top.SortBestFirst();
        for (var i = 0; i < best.Length; i++)
            results[i] = new Neighbor(_ids[best[i].Id], best[i].Similarity);
        return best.Length;
    }

    // Queries need not be normalised (ranking is unaffected), only well-formed.
    private void CheckQuery(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimension)
            throw new ArgumentException($"The query has {query.Length} values; this index holds {Dimension}-d vectors.", nameof(query));
        for (var i = 0; i < query.Length; i++)
            if (!float.IsFinite(query[i]))
                throw new ArgumentException($"The query has a non-finite value ({query[i]}) at {i}.", nameof(query));
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= _ids.Length)
            return;
        var capacity = Math.Max(rows, Math.Max(16, _ids.Length * 2));
        Array.Resize(ref _ids, capacity);
        if (Precision == VectorPrecision.Float32)
        {
            _floats.Grow(capacity, Count);
        }
        else
        {
            _codes.Grow(capacity, Count);
            Array.Resize(ref _scales, capacity);
        }
    }
}
