package io.sabot.samples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure of docs/architecture.md, checked on the compiled classes of every streaming module
 * (this module depends on all of them): no package cycles, and the arrows between parts point down
 * only. Maven already forbids a module importing one above it (and the persistence plugin and
 * supervision declare no Sabot module at all); these rules hold inside modules too.
 */
class ArchitectureTest {

    private static JavaClasses sabot;

    @BeforeAll
    static void importClasses() {
        sabot = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sabot");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.sabot.(**)").should().beFreeOfCycles().check(sabot);
    }

    @Test
    void userFunctionsCompileWithoutPekko() {
        noClasses().that().resideInAnyPackage("io.sabot.actors.api..", "io.sabot.actors.agent..",
                        "io.sabot.actors.stream..", "io.sabot.actors.batch..", "io.sabot.actors.records..",
                        "io.sabot.actors.graph..", "io.sabot.actors.io..", "io.sabot.fintech..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..")
                .check(sabot);
    }

    @Test
    void fintechDoesNotNeedTheRuntime() {
        noClasses().that().resideInAPackage("io.sabot.fintech..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sabot.actors.runtime..",
                        "io.sabot.actors.memory..", "io.sabot.actors.serialization..", "io.sabot.actors.cluster..")
                .check(sabot);
    }
}
