using OmeSim.Core.Appliances;

namespace OmeSim.Core.Tests.Appliances;

public sealed class ApplianceStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "omesim-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    // The store stores text; it never parses the PEM, so tests need no real keys.
    private static ApplianceState State(string tag, bool withOptional = true) => new(
        new ApplianceSettings("4.0.0", "build-" + tag, new Guid(tag.GetHashCode(), 0, 0, new byte[8])),
        $"-----BEGIN PRIVATE KEY-----\n{tag}\n-----END PRIVATE KEY-----\n",
        $"-----BEGIN CERTIFICATE-----\nleaf {tag}\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nintermediate {tag}\n-----END CERTIFICATE-----\n",
        withOptional ? $"-----BEGIN CERTIFICATE-----\nroot {tag}\n-----END CERTIFICATE-----\n" : null,
        withOptional ? $"-----BEGIN PRIVATE KEY-----\ncsr {tag}\n-----END PRIVATE KEY-----\n" : null,
        withOptional ? $"-----BEGIN CERTIFICATE REQUEST-----\n{tag}\n-----END CERTIFICATE REQUEST-----\n" : null);

    private string StateDirectory => Path.Combine(_directory, "state");

    private string[] Generations() =>
        Directory.GetDirectories(StateDirectory).Select(d => Path.GetFileName(d)).Order().ToArray();

    [Fact]
    public void An_empty_folder_loads_no_state()
    {
        var store = new FileApplianceStore(_directory);

        Assert.Null(store.Load());
        Assert.Equal(Path.GetFullPath(_directory), store.DataDirectory);
    }

    [Fact]
    public void A_saved_state_loads_again_in_a_new_store()
    {
        var state = State("a");
        new FileApplianceStore(_directory).Save(state);

        Assert.Equal(state, new FileApplianceStore(_directory).Load());
    }

    [Fact]
    public void The_live_generation_holds_plain_files_openssl_can_read()
    {
        var store = new FileApplianceStore(_directory);
        var state = State("a");

        store.Save(state);

        var folder = store.CurrentGenerationDirectory!;
        Assert.Equal(state.ServerKeyPem, File.ReadAllText(Path.Combine(folder, "server.key")));
        Assert.Equal(state.ServerChainPem, File.ReadAllText(Path.Combine(folder, "server.pem")));
        Assert.Equal(state.TrustedRootsPem, File.ReadAllText(Path.Combine(folder, "trusted-roots.pem")));
        Assert.Equal(state.CsrKeyPem, File.ReadAllText(Path.Combine(folder, "csr.key")));
        Assert.Equal(state.CsrPem, File.ReadAllText(Path.Combine(folder, "csr.pem")));
        Assert.Contains("\"BuildNumber\":\"build-a\"", File.ReadAllText(Path.Combine(folder, "settings.json")));
        Assert.Equal(Path.GetFileName(folder) + "\n", File.ReadAllText(Path.Combine(StateDirectory, "current")));
    }

    [Fact]
    public void Private_keys_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var store = new FileApplianceStore(_directory);

        store.Save(State("a"));

        var folder = store.CurrentGenerationDirectory!;
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(folder, "server.key")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(folder, "csr.key")));
    }

    [Fact]
    public void Absent_optional_fields_are_absent_files_and_load_as_null()
    {
        var store = new FileApplianceStore(_directory);
        var state = State("a", withOptional: false);

        store.Save(state);

        Assert.Equal(["server.key", "server.pem", "settings.json"],
            Directory.GetFiles(store.CurrentGenerationDirectory!).Select(f => Path.GetFileName(f)).Order());
        Assert.Equal(state, new FileApplianceStore(_directory).Load());
    }

    [Fact]
    public void Each_save_writes_a_new_generation_and_removes_the_previous_one()
    {
        var store = new FileApplianceStore(_directory);

        store.Save(State("a"));
        var first = store.CurrentGenerationDirectory;
        store.Save(State("b"));

        Assert.NotEqual(first, store.CurrentGenerationDirectory);
        Assert.Equal([Path.GetFileName(store.CurrentGenerationDirectory!)], Generations());
        Assert.Equal(State("b"), store.Load());
    }

    private static readonly string[] CsrFiles = ["csr.key", "csr.pem"];
    private static readonly string[] OtherFiles = ["settings.json", "server.key", "server.pem", "trusted-roots.pem"];

    private static ApplianceState NewCsr(ApplianceState state, string tag) => state with
    {
        CsrKeyPem = $"-----BEGIN PRIVATE KEY-----\ncsr {tag}\n-----END PRIVATE KEY-----\n",
        CsrPem = $"-----BEGIN CERTIFICATE REQUEST-----\n{tag}\n-----END CERTIFICATE REQUEST-----\n",
    };

    [Fact]
    public void A_save_hard_links_the_files_it_leaves_unchanged_and_writes_only_the_changed_ones()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Action<string, string>? window = null;
        var store = new FileApplianceStore(_directory, (previous, current) => window?.Invoke(previous, current));
        store.Save(State("a"));
        var old = store.CurrentGenerationDirectory!;
        var oldInodes = (CsrFiles.Concat(OtherFiles)).ToDictionary(f => f, f => FileIdentity.Of(Path.Combine(old, f)).Inode);
        var checkedWindow = false;
        window = (previous, current) =>
        {
            Assert.Equal(old, previous);
            foreach (var file in OtherFiles)
            {
                var linked = FileIdentity.Of(Path.Combine(current, file));
                Assert.Equal(oldInodes[file], linked.Inode);
                Assert.Equal(2u, linked.Links);
                Assert.Equal(linked, FileIdentity.Of(Path.Combine(previous, file)));
            }
            foreach (var file in CsrFiles)
            {
                Assert.NotEqual(oldInodes[file], FileIdentity.Of(Path.Combine(current, file)).Inode);
                Assert.Equal(1u, FileIdentity.Of(Path.Combine(current, file)).Links);
            }
            checkedWindow = true;
        };
        var changed = NewCsr(State("a"), "b");

        store.Save(changed);

        Assert.True(checkedWindow);
        Assert.False(Directory.Exists(old));
        var current = store.CurrentGenerationDirectory!;
        foreach (var file in OtherFiles)
        {
            Assert.Equal((oldInodes[file], 1u), FileIdentity.Of(Path.Combine(current, file)));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(current, "server.key")));
        Assert.Equal(changed, new FileApplianceStore(_directory).Load());
    }

    [Fact]
    public void A_crash_after_the_commit_leaves_the_new_state_whole_once_load_removes_the_old_generation()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var crash = false;
        var store = new FileApplianceStore(_directory, (_, _) =>
        {
            if (crash)
            {
                throw new IOException("crash between the pointer swap and the removal");
            }
        });
        store.Save(State("a"));
        var old = store.CurrentGenerationDirectory!;
        crash = true;
        var changed = NewCsr(State("a"), "b");

        Assert.Throws<IOException>(() => store.Save(changed));
        Assert.True(Directory.Exists(old));

        var restarted = new FileApplianceStore(_directory);
        Assert.Equal(changed, restarted.Load());
        Assert.False(Directory.Exists(old));
        Assert.Single(Generations());
        foreach (var file in OtherFiles.Concat(CsrFiles))
        {
            Assert.Equal(1u, FileIdentity.Of(Path.Combine(restarted.CurrentGenerationDirectory!, file)).Links);
        }
        Assert.Equal(changed, new FileApplianceStore(_directory).Load());
    }

    [Fact]
    public void Removing_a_half_written_generation_that_links_the_live_files_keeps_the_live_state()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        new FileApplianceStore(_directory).Save(State("a"));
        var live = Path.Combine(StateDirectory, "gen-000001");
        // The crash: a new generation had linked two files and written half of a third, the pointer never swapped.
        var half = Path.Combine(StateDirectory, "gen-000002");
        Directory.CreateDirectory(half);
        Assert.True(DurableFiles.TryLink(Path.Combine(live, "server.key"), Path.Combine(half, "server.key")));
        Assert.True(DurableFiles.TryLink(Path.Combine(live, "server.pem"), Path.Combine(half, "server.pem")));
        File.WriteAllText(Path.Combine(half, "csr.key"), "-----BEGIN PRIV");

        var store = new FileApplianceStore(_directory);

        Assert.Equal(State("a"), store.Load());
        Assert.Equal(["gen-000001"], Generations());
        Assert.Equal(1u, FileIdentity.Of(Path.Combine(live, "server.key")).Links);
        store.Save(NewCsr(State("a"), "c"));
        Assert.Equal(NewCsr(State("a"), "c"), new FileApplianceStore(_directory).Load());
    }

    [Fact]
    public void A_live_key_file_that_lost_its_owner_only_mode_is_written_anew_not_linked()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var store = new FileApplianceStore(_directory);
        store.Save(State("a"));
        var old = store.CurrentGenerationDirectory!;
        File.SetUnixFileMode(Path.Combine(old, "server.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var oldKey = FileIdentity.Of(Path.Combine(old, "server.key")).Inode;
        var oldChain = FileIdentity.Of(Path.Combine(old, "server.pem")).Inode;

        store.Save(NewCsr(State("a"), "b"));

        var current = store.CurrentGenerationDirectory!;
        Assert.NotEqual(oldKey, FileIdentity.Of(Path.Combine(current, "server.key")).Inode);
        Assert.Equal(oldChain, FileIdentity.Of(Path.Combine(current, "server.pem")).Inode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(current, "server.key")));
        Assert.Equal(NewCsr(State("a"), "b"), new FileApplianceStore(_directory).Load());
    }

    [Fact]
    public void A_generation_written_before_a_crash_but_never_pointed_to_is_ignored_and_removed()
    {
        new FileApplianceStore(_directory).Save(State("old"));
        // The crash: a complete new generation and a half-written one, the pointer never swapped.
        var complete = Path.Combine(StateDirectory, "gen-000007");
        Directory.CreateDirectory(complete);
        File.WriteAllText(Path.Combine(complete, "server.key"), State("new").ServerKeyPem);
        File.WriteAllText(Path.Combine(complete, "server.pem"), State("new").ServerChainPem);
        File.WriteAllText(Path.Combine(complete, "settings.json"), "{}");
        var half = Path.Combine(StateDirectory, "gen-000008");
        Directory.CreateDirectory(half);
        File.WriteAllText(Path.Combine(half, "server.key"), "-----BEGIN PRIV");

        var store = new FileApplianceStore(_directory);

        Assert.Equal(State("old"), store.Load());
        Assert.Equal(["gen-000001"], Generations());
    }

    [Fact]
    public void A_stray_temporary_pointer_left_by_a_crash_is_ignored_and_removed()
    {
        new FileApplianceStore(_directory).Save(State("old"));
        File.WriteAllText(Path.Combine(StateDirectory, "current.tmp"), "gen-0000");

        var store = new FileApplianceStore(_directory);

        Assert.Equal(State("old"), store.Load());
        Assert.False(File.Exists(Path.Combine(StateDirectory, "current.tmp")));
    }

    [Fact]
    public void A_crash_before_the_first_pointer_was_written_loads_no_state()
    {
        Directory.CreateDirectory(Path.Combine(StateDirectory, "gen-000001"));
        File.WriteAllText(Path.Combine(StateDirectory, "gen-000001", "server.key"), "x");

        Assert.Null(new FileApplianceStore(_directory).Load());
        Assert.Empty(Generations());
    }

    [Fact]
    public void A_save_after_a_crash_never_reuses_a_leftover_generation_folder()
    {
        new FileApplianceStore(_directory).Save(State("old"));
        var leftover = Path.Combine(StateDirectory, "gen-000002");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "server.key"), "half");

        var store = new FileApplianceStore(_directory);
        store.Save(State("new"));

        Assert.Equal("gen-000003", Path.GetFileName(store.CurrentGenerationDirectory!));
        Assert.Equal(State("new"), store.Load());
        Assert.Equal(["gen-000003"], Generations());
    }

    [Fact]
    public void A_pointer_naming_a_missing_generation_is_reported_not_taken_for_no_state()
    {
        Directory.CreateDirectory(StateDirectory);
        File.WriteAllText(Path.Combine(StateDirectory, "current"), "gen-000009\n");

        Assert.Throws<InvalidDataException>(() => new FileApplianceStore(_directory).Load());
    }

    [Fact]
    public async Task Concurrent_saves_and_loads_only_ever_see_whole_states()
    {
        var store = new FileApplianceStore(_directory);
        store.Save(State("s0"));
        var saved = Enumerable.Range(0, 40).Select(i => State("s" + i)).ToArray();
        HashSet<ApplianceState?> known = [.. saved];

        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var i = w; i < saved.Length; i += 2)
            {
                store.Save(saved[i]);
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                var loaded = store.Load();
                Assert.NotNull(loaded);
                Assert.Contains(loaded, known);
            }
        }));
        await Task.WhenAll([.. writers, .. readers]);

        Assert.Contains(store.Load(), known);
        Assert.Single(Generations());
    }

    [Fact]
    public void The_in_memory_store_keeps_the_last_saved_state()
    {
        var store = new InMemoryApplianceStore();
        Assert.Null(store.Load());
        Assert.Null(store.DataDirectory);

        store.Save(State("a"));
        store.Save(State("b"));
        Assert.Equal(State("b"), store.Load());
        Assert.Null(new InMemoryApplianceStore().Load());
    }
}
