package io.sabot.state.backend;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link BackendFixture} in a temporary directory per test; every backend it made is closed after. */
abstract class BackendTestBase {

    @TempDir
    Path directory;
    BackendFixture fixture;

    @BeforeEach
    void createFixture() {
        fixture = new BackendFixture(directory);
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }
}
