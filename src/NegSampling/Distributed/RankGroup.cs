using System.Globalization;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace NegSampling.Distributed;

/// <summary>
/// The processes mpirun started for one run (the ranks), and what training asks of them together: the sum of a
/// tensor's rows, a decision of rank 0's, a check that all hold the same bytes, and an end of the whole job on an
/// error. A process is a rank only when mpirun's environment says it is one of several
/// (<c>OMPI_COMM_WORLD_SIZE</c> &gt; 1); otherwise there is no group and OpenMPI is never loaded.
/// </summary>
internal sealed class RankGroup
{
    private static readonly Lazy<RankGroup?> Joined = new(Join);

    private readonly Mpi? mpi;

    private RankGroup(Mpi? mpi, int rank, int size, int localRank)
    {
        (this.mpi, Rank, Size, LocalRank) = (mpi, rank, size, localRank);
    }

    /// <summary>This process's group when mpirun started it as one of several ranks (MPI initialised on first use,
    /// finalised at exit); null otherwise.</summary>
    public static RankGroup? Current => Joined.Value;

    /// <summary>A group of this process alone, without MPI: the ranks' code path at N = 1.</summary>
    public static RankGroup Single { get; } = new(null, 0, 1, 0);

    public int Rank { get; }

    public int Size { get; }

    /// <summary>The rank's place among the ranks on its machine.</summary>
    public int LocalRank { get; }

    public static string Host => Environment.MachineName;

    /// <summary>How this rank names itself in messages.</summary>
    public string Name => $"rank {Rank} of {Size} on {Host}";

    /// <summary>The rank, the number of ranks and the local rank that mpirun's environment gives, or null when it
    /// does not start this process as one of several.</summary>
    public static (int Rank, int Size, int LocalRank)? FromEnvironment(Func<string, string?> variable)
    {
        static int? Number(string? text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (Number(variable("OMPI_COMM_WORLD_SIZE")) is not { } size || size < 2) return null;
        if (Number(variable("OMPI_COMM_WORLD_RANK")) is not { } rank || rank >= size) return null;
        return (rank, size, Number(variable("OMPI_COMM_WORLD_LOCAL_RANK")) ?? 0);
    }

    private static RankGroup? Join()
    {
        if (FromEnvironment(Environment.GetEnvironmentVariable) is not var (rank, size, localRank)) return null;
        var mpi = Mpi.Load();
        mpi.Init();
        if (mpi.Rank() != rank || mpi.Size() != size)
            throw new MpiException($"MPI says rank {mpi.Rank()} of {mpi.Size()}, mpirun's environment rank {rank} " +
                                   $"of {size}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => mpi.Finish();
        return new RankGroup(mpi, rank, size, localRank);
    }

    /// <summary>Runs <paramref name="action"/>; an exception ends the whole job after this rank has printed it in
    /// one line, so that no other rank waits for this one forever.</summary>
    public T EndJobOnError<T>(Func<T> action)
    {
        try { return action(); }
        catch (Exception e) when (mpi is not null)
        {
            Console.Error.WriteLine($"error: {Name}: {e.Message.Split('\n')[0]}");
            if (Environment.GetEnvironmentVariable("NEGSAMPLING_DEBUG") == "1") Console.Error.WriteLine(e);
            Console.Error.Flush();
            mpi.Abort(1);
            throw;
        }
    }

    /// <summary>Rank 0's <paramref name="mine"/>, on every rank.</summary>
    public bool RootDecides(bool mine)
    {
        Span<byte> flag = [mine ? (byte)1 : (byte)0];
        mpi?.Broadcast(flag, 0);
        return flag[0] != 0;
    }

    /// <summary>Every rank takes part in turn: first the ranks that are first on their machine, then the others (so
    /// that those find what the first wrote on their machine, the id cache).</summary>
    public T FirstOnEachMachine<T>(Func<T> action)
    {
        if (LocalRank == 0)
        {
            var result = action();
            mpi?.Barrier();
            return result;
        }
        mpi?.Barrier();
        return action();
    }

    /// <summary>Refuses, on every rank, when a rank's <paramref name="digest"/> differs from rank 0's;
    /// <paramref name="what"/> says what the digest is of, <paramref name="here"/> what this rank holds.</summary>
    public void CheckSame(byte[] digest, string what, string here)
    {
        var root = (byte[])digest.Clone();
        mpi?.Broadcast(root, 0);
        var differs = !root.AsSpan().SequenceEqual(digest);
        Span<double> count = [differs ? 1 : 0];
        mpi?.SumInPlace(count);
        if (differs)
            throw new InvalidDataException($"{Name} has another {what} than rank 0 ({here}): every rank must read " +
                                           "the same corpus with the same settings");
        if (count[0] > 0)
            throw new InvalidDataException($"{count[0]:0} of the {Size} ranks have another {what} than rank 0 " +
                                           $"({here}): every rank must read the same corpus with the same settings");
    }

    /// <summary>Replaces the first <paramref name="rows"/> rows of a CPU float32 or float64 matrix by their sum over
    /// the ranks (an in-place allreduce), or by their mean when <paramref name="mean"/> (the sum divided by the
    /// number of ranks); returns the bytes each rank sent.</summary>
    public long SumLeadingRows(Tensor matrix, long rows, bool mean)
    {
        if (mpi is null || rows == 0) return 0;
        var width = Math.Max(1, matrix.shape[1]);
        var rowsPerCall = Math.Max(1, Mpi.MaxCount / width);
        using var _ = no_grad();
        for (long start = 0; start < rows; start += rowsPerCall)
        {
            using var block = matrix.narrow(0, start, Math.Min(rowsPerCall, rows - start));
            if (block.dtype == ScalarType.Float32) mpi.SumInPlace(MemoryMarshal.Cast<byte, float>(block.bytes));
            else mpi.SumInPlace(MemoryMarshal.Cast<byte, double>(block.bytes));
            if (mean) block.div_(Size);
        }
        return rows * width * matrix.ElementSize;
    }
}
