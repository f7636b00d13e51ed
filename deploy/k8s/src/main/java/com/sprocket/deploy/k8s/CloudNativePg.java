package com.sprocket.deploy.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CloudNativePG's resources as far as Sprocket uses them ({@code postgresql.cnpg.io/v1} Cluster,
 * Database, ScheduledBackup; the Barman Cloud plugin's {@code barmancloud.cnpg.io/v1} ObjectStore).
 * No typed model or CRD schema of CloudNativePG is published where this build can reach, so these
 * records are transcribed from its API reference (CloudNativePG 1.27, plugin-barman-cloud 0.6+):
 * field names, types, enumerations, required fields and the patterns checked below. Parsed strictly,
 * a field not listed here is an error, so using a new field means adding it here from that reference.
 */
final class CloudNativePg {

    private CloudNativePg() {}

    static final String GROUP_VERSION = "postgresql.cnpg.io/v1";
    static final String BARMAN_GROUP_VERSION = "barmancloud.cnpg.io/v1";

    /** name of a Secret (LocalObjectReference) */
    record Reference(@JsonProperty(required = true) String name) {}

    /** a key of a Secret (SecretKeySelector) */
    record SecretKey(
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String key) {}

    // --- Cluster

    record Cluster(
            @JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind,
            @JsonProperty(required = true) ObjectMeta metadata,
            @JsonProperty(required = true) ClusterSpec spec) {}

    record ClusterSpec(
            String description,
            @JsonProperty(required = true) Integer instances,
            String imageName,
            String imagePullPolicy,
            PrimaryUpdateStrategy primaryUpdateStrategy,
            PrimaryUpdateMethod primaryUpdateMethod,
            Boolean enableSuperuserAccess,
            Reference superuserSecret,
            PostgresConfiguration postgresql,
            Bootstrap bootstrap,
            Managed managed,
            @JsonProperty(required = true) Storage storage,
            Storage walStorage,
            ResourceRequirements resources,
            Affinity affinity,
            Monitoring monitoring,
            List<Plugin> plugins,
            Integer startDelay,
            Integer stopDelay,
            Integer switchoverDelay) {
        ClusterSpec {
            if (instances != null && instances < 1) {
                throw new IllegalArgumentException("instances must be at least 1");
            }
        }
    }

    enum PrimaryUpdateStrategy {
        @JsonProperty("unsupervised")
        UNSUPERVISED,
        @JsonProperty("supervised")
        SUPERVISED
    }

    enum PrimaryUpdateMethod {
        @JsonProperty("switchover")
        SWITCHOVER,
        @JsonProperty("restart")
        RESTART
    }

    record PostgresConfiguration(
            Map<String, String> parameters,
            @JsonProperty("pg_hba") List<String> pgHba,
            @JsonProperty("pg_ident") List<String> pgIdent,
            List<String> shared_preload_libraries) {}

    record Bootstrap(InitDb initdb) {}

    record InitDb(String database, String owner, Reference secret, String encoding, Boolean dataChecksums) {}

    record Managed(List<Role> roles) {}

    record Role(
            @JsonProperty(required = true) String name,
            String comment,
            Ensure ensure,
            Boolean login,
            Boolean superuser,
            Boolean createdb,
            Boolean createrole,
            Boolean inherit,
            Boolean replication,
            Boolean bypassrls,
            Integer connectionLimit,
            Boolean disablePassword,
            Reference passwordSecret,
            List<String> inRoles,
            String validUntil) {
        Role {
            if (name != null && !Pattern.matches("[a-z_][a-z0-9_]{0,62}", name)) {
                throw new IllegalArgumentException("role name " + name + " is not a plain PostgreSQL identifier");
            }
        }
    }

    enum Ensure {
        @JsonProperty("present")
        PRESENT,
        @JsonProperty("absent")
        ABSENT
    }

    record Storage(String size, String storageClass, Boolean resizeInUseVolumes) {
        Storage {
            if (size != null && !Pattern.matches("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?", size)) {
                throw new IllegalArgumentException("size " + size + " is not a Kubernetes quantity");
            }
        }
    }

    record Affinity(
            Boolean enablePodAntiAffinity,
            String topologyKey,
            PodAntiAffinityType podAntiAffinityType,
            Map<String, String> nodeSelector) {}

    enum PodAntiAffinityType {
        @JsonProperty("preferred")
        PREFERRED,
        @JsonProperty("required")
        REQUIRED
    }

    record Monitoring(Boolean enablePodMonitor, Boolean disableDefaultQueries) {}

    record Plugin(
            @JsonProperty(required = true) String name,
            Boolean enabled,
            Boolean isWALArchiver,
            Map<String, String> parameters) {}

    // --- Database

    record Database(
            @JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind,
            @JsonProperty(required = true) ObjectMeta metadata,
            @JsonProperty(required = true) DatabaseSpec spec) {}

    record DatabaseSpec(
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String owner,
            @JsonProperty(required = true) Reference cluster,
            Ensure ensure,
            ReclaimPolicy databaseReclaimPolicy,
            String template,
            String encoding,
            Integer connectionLimit,
            Boolean allowConnections) {}

    enum ReclaimPolicy {
        @JsonProperty("retain")
        RETAIN,
        @JsonProperty("delete")
        DELETE
    }

    // --- ScheduledBackup

    record ScheduledBackup(
            @JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind,
            @JsonProperty(required = true) ObjectMeta metadata,
            @JsonProperty(required = true) ScheduledBackupSpec spec) {}

    record ScheduledBackupSpec(
            @JsonProperty(required = true) String schedule,
            @JsonProperty(required = true) Reference cluster,
            Boolean suspend,
            Boolean immediate,
            BackupOwnerReference backupOwnerReference,
            BackupMethod method,
            PluginConfiguration pluginConfiguration,
            BackupTarget target,
            Boolean online) {
        ScheduledBackupSpec {
            // CloudNativePG's schedules have six fields: seconds first
            if (schedule != null && schedule.trim().split("\\s+").length != 6) {
                throw new IllegalArgumentException(
                        "schedule \"" + schedule + "\" needs six fields (seconds minutes hours day month weekday)");
            }
            if (method == BackupMethod.PLUGIN && pluginConfiguration == null) {
                throw new IllegalArgumentException("method plugin needs pluginConfiguration");
            }
        }
    }

    enum BackupOwnerReference {
        @JsonProperty("none")
        NONE,
        @JsonProperty("self")
        SELF,
        @JsonProperty("cluster")
        CLUSTER
    }

    enum BackupMethod {
        @JsonProperty("barmanObjectStore")
        BARMAN_OBJECT_STORE,
        @JsonProperty("volumeSnapshot")
        VOLUME_SNAPSHOT,
        @JsonProperty("plugin")
        PLUGIN
    }

    enum BackupTarget {
        @JsonProperty("primary")
        PRIMARY,
        @JsonProperty("prefer-standby")
        PREFER_STANDBY
    }

    record PluginConfiguration(
            @JsonProperty(required = true) String name, Map<String, String> parameters) {}

    // --- ObjectStore (Barman Cloud plugin)

    record ObjectStore(
            @JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind,
            @JsonProperty(required = true) ObjectMeta metadata,
            @JsonProperty(required = true) ObjectStoreSpec spec) {}

    record ObjectStoreSpec(@JsonProperty(required = true) BarmanConfiguration configuration, String retentionPolicy) {
        ObjectStoreSpec {
            if (retentionPolicy != null && !Pattern.matches("[1-9][0-9]*[dwm]", retentionPolicy)) {
                throw new IllegalArgumentException("retentionPolicy " + retentionPolicy + " is not like 30d, 4w or 3m");
            }
        }
    }

    record BarmanConfiguration(
            @JsonProperty(required = true) String destinationPath,
            String endpointURL,
            S3Credentials s3Credentials,
            WalConfiguration wal,
            DataConfiguration data,
            String serverName) {}

    record S3Credentials(
            SecretKey accessKeyId,
            SecretKey secretAccessKey,
            SecretKey region,
            SecretKey sessionToken,
            Boolean inheritFromIAMRole) {}

    record WalConfiguration(Compression compression, Integer maxParallel, String encryption) {}

    record DataConfiguration(Compression compression, Integer jobs, String encryption, Boolean immediateCheckpoint) {}

    enum Compression {
        @JsonProperty("gzip")
        GZIP,
        @JsonProperty("bzip2")
        BZIP2,
        @JsonProperty("snappy")
        SNAPPY,
        @JsonProperty("lz4")
        LZ4,
        @JsonProperty("xz")
        XZ,
        @JsonProperty("zstd")
        ZSTD
    }
}
