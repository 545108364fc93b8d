using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

public sealed class WorkerTableSpecs
{
    private int _nextPid = 100;

    [Fact]
    public void Add_ServingWorkers_ListsThemById()
    {
        var sut = new WorkerTable();

        sut.Add(Entry(2));
        sut.Add(Entry(0));
        sut.Add(Entry(1, WorkerRole.Successor));

        Assert.Equal([0, 2], sut.Workers.Select(w => w.Id));
        Assert.Equal([0, 2], sut.ServingIds);
        Assert.True(sut.IsTaken(1));
        Assert.Equal(3, sut.FirstFreeId());
    }

    [Fact]
    public void Workers_Unchanged_IsTheSameCopy()
    {
        var sut = new WorkerTable();
        sut.Add(Entry(0));

        var first = sut.Workers;
        var second = sut.Workers;
        sut.Add(Entry(1));

        Assert.Same(first, second);
        Assert.Equal([0], first.Select(w => w.Id));
        Assert.Equal([0, 1], sut.Workers.Select(w => w.Id));
    }

    [Fact]
    public void SetRole_SuccessorServesBeforePredecessorRetires_IdNamesTheSuccessor()
    {
        var sut = new WorkerTable();
        var predecessor = Entry(0);
        var successor = Entry(0, WorkerRole.Successor);
        sut.Add(predecessor);
        sut.Add(successor);

        sut.SetRole(successor, WorkerRole.Serving);
        sut.SetRole(predecessor, WorkerRole.Retiring);

        Assert.Same(successor, sut.Serving(0));
        Assert.Equal([successor.Pid], sut.Workers.Select(w => w.Pid));
        Assert.Null(sut.Successor(0));
        Assert.True(sut.Remove(predecessor));
        Assert.Same(successor, sut.Serving(0));
        Assert.True(sut.IsTaken(0));
    }

    [Fact]
    public void Remove_LastHolderOfAnId_FreesIt()
    {
        var sut = new WorkerTable();
        var entry = Entry(0);
        sut.Add(entry);
        sut.Add(Entry(1));

        Assert.True(sut.Remove(entry));
        Assert.False(sut.Remove(entry));

        Assert.False(sut.IsTaken(0));
        Assert.Equal(0, sut.FirstFreeId());
        Assert.Null(sut.Find(0, entry.Pid));
        Assert.Equal([1], sut.Workers.Select(w => w.Id));
    }

    [Fact]
    public void Reserve_AnId_TakesItUntilReleased()
    {
        var sut = new WorkerTable();
        sut.Reserve(0, new Timer());

        Assert.True(sut.IsTaken(0));
        Assert.Equal(1, sut.FirstFreeId());
        Assert.True(sut.Release(0));
        Assert.Equal(0, sut.FirstFreeId());
    }

    [Fact]
    public void Changes_InAnyOrder_AgreeWithTheEntries()
    {
        // Incremental indexes against the plain answer computed from every entry, after each of many changes.
        var random = new Random(7);
        var sut = new WorkerTable();
        var live = new List<WorkerEntry>();
        for (var step = 0; step < 2_000; step++)
        {
            switch (random.Next(3))
            {
                case 0 when live.Count < 40:
                    var id = random.Next(12);
                    var role = live.Any(e => e.Id == id && e.Role == WorkerRole.Serving) ? WorkerRole.Successor : WorkerRole.Serving;
                    var added = Entry(id, role);
                    sut.Add(added);
                    live.Add(added);
                    break;
                case 1 when live.Count > 0:
                    var removed = live[random.Next(live.Count)];
                    sut.Remove(removed);
                    live.Remove(removed);
                    break;
                case 2 when live.Count > 0:
                    var changed = live[random.Next(live.Count)];
                    var next = changed.Role == WorkerRole.Serving ? WorkerRole.Retiring
                        : live.Any(e => e.Id == changed.Id && e.Role == WorkerRole.Serving) ? WorkerRole.Retiring : WorkerRole.Serving;
                    sut.SetRole(changed, next);
                    break;
            }

            var serving = live.Where(e => e.Role == WorkerRole.Serving).OrderBy(e => e.Id).ToList();
            Assert.Equal(serving.Select(e => e.Worker), sut.Workers);
            Assert.Equal(serving.Select(e => e.Id), sut.ServingIds);
            Assert.Equal(live.Count, sut.Count);
            for (var id = 0; id < 12; id++)
            {
                Assert.Equal(live.Any(e => e.Id == id && e.Role != WorkerRole.Retiring), sut.IsTaken(id));
                Assert.Same(serving.SingleOrDefault(e => e.Id == id), sut.Serving(id));
            }

            Assert.All(live, e => Assert.Same(e.Process, sut.Find(e.Id, e.Pid)));
        }
    }

    private WorkerEntry Entry(int id, WorkerRole role = WorkerRole.Serving)
    {
        var pid = _nextPid++;
        return new WorkerEntry(new Worker(id, pid), new FakeProcess(id, pid), role, DateTimeOffset.UnixEpoch);
    }

    private sealed class Timer : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
