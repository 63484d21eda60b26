using System.Runtime.InteropServices;

namespace NegSampling.Distributed;

/// <summary>
/// The calls of OpenMPI's C library that training on several processes uses, bound at run time to
/// <c>libmpi.so.40</c>, which is loaded only when mpirun started this process as one of several ranks. OpenMPI's
/// handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are the addresses of exported symbols, and MPI_IN_PLACE is
/// (void*)1. A call that fails throws <see cref="MpiException"/> naming it.
/// </summary>
internal sealed unsafe class Mpi
{
    public const string LibraryName = "libmpi.so.40";

    /// <summary>MPI_THREAD_SERIALIZED: any thread may call, one at a time. The run's thread calls between chunk
    /// rounds, and a library user may start and run a TrainingRun on different threads.</summary>
    private const int ThreadSerialized = 2;

    /// <summary>The most elements handed to one call: MPI's counts are C ints, and a block's bytes, a span, must stay
    /// under 2 GB in float64.</summary>
    public const int MaxCount = 1 << 27;

    private static readonly nint InPlace = 1;

    private readonly nint library;
    private readonly nint world, floatType, doubleType, byteType, sum;
    private readonly delegate* unmanaged<int*, nint, int, int*, int> initThread;
    private readonly delegate* unmanaged<nint, int*, int> commRank, commSize;
    private readonly delegate* unmanaged<nint, void*, int, nint, nint, nint, int> allreduce;
    private readonly delegate* unmanaged<void*, int, nint, int, nint, int> bcast;
    private readonly delegate* unmanaged<nint, int> barrier;
    private readonly delegate* unmanaged<nint, int, int> abort;
    private readonly delegate* unmanaged<int> finalize;

    private Mpi(nint library)
    {
        this.library = library;
        world = Export("ompi_mpi_comm_world");
        floatType = Export("ompi_mpi_float");
        doubleType = Export("ompi_mpi_double");
        byteType = Export("ompi_mpi_byte");
        sum = Export("ompi_mpi_op_sum");
        initThread = (delegate* unmanaged<int*, nint, int, int*, int>)Export("MPI_Init_thread");
        commRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
        commSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
        allreduce = (delegate* unmanaged<nint, void*, int, nint, nint, nint, int>)Export("MPI_Allreduce");
        bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Export("MPI_Bcast");
        barrier = (delegate* unmanaged<nint, int>)Export("MPI_Barrier");
        abort = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");
        finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
    }

    /// <summary>Loads OpenMPI's library by its name, or says in one line why it cannot.</summary>
    public static Mpi Load() => NativeLibrary.TryLoad(LibraryName, out var library)
        ? new Mpi(library)
        : throw new MpiException($"mpirun started this process as a rank, but OpenMPI's {LibraryName} cannot be " +
                                 "loaded: install openmpi-bin (scripts/setup.sh does)");

    private nint Export(string name) => NativeLibrary.TryGetExport(library, name, out var address)
        ? address
        : throw new MpiException($"{LibraryName} has no {name}: it is not OpenMPI 4 or later");

    /// <summary>MPI_Init_thread, asking for calls from any thread one at a time.</summary>
    public void Init()
    {
        int provided;
        Check(initThread(null, 0, ThreadSerialized, &provided), "MPI_Init_thread");
        if (provided < ThreadSerialized)
            throw new MpiException($"MPI_Init_thread gave thread level {provided}; training needs " +
                                   $"MPI_THREAD_SERIALIZED ({ThreadSerialized})");
    }

    public int Rank()
    {
        int rank;
        Check(commRank(world, &rank), "MPI_Comm_rank");
        return rank;
    }

    public int Size()
    {
        int size;
        Check(commSize(world, &size), "MPI_Comm_size");
        return size;
    }

    /// <summary>Sums the ranks' values in place (MPI_Allreduce with MPI_IN_PLACE and MPI_SUM).</summary>
    public void SumInPlace(Span<float> values)
    {
        fixed (float* p = values) Check(allreduce(InPlace, p, values.Length, floatType, sum, world), "MPI_Allreduce");
    }

    /// <inheritdoc cref="SumInPlace(Span{float})"/>
    public void SumInPlace(Span<double> values)
    {
        fixed (double* p = values)
            Check(allreduce(InPlace, p, values.Length, doubleType, sum, world), "MPI_Allreduce");
    }

    /// <summary>Gives every rank <paramref name="root"/>'s bytes (MPI_Bcast).</summary>
    public void Broadcast(Span<byte> bytes, int root)
    {
        fixed (byte* p = bytes) Check(bcast(p, bytes.Length, byteType, root, world), "MPI_Bcast");
    }

    public void Barrier() => Check(barrier(world), "MPI_Barrier");

    /// <summary>Ends every rank of the job with <paramref name="code"/> (MPI_Abort); does not return.</summary>
    public void Abort(int code) => abort(world, code);

    public void Finish() => Check(finalize(), "MPI_Finalize");

    private static void Check(int code, string call)
    {
        if (code != 0) throw new MpiException($"{call} failed with MPI error {code}");
    }
}

/// <summary>OpenMPI could not be loaded, or one of its calls failed; the message is the one line to show.</summary>
internal sealed class MpiException(string message) : Exception(message);
