package org.kvmstack.cloud.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ServiceCatalogTest {
    @Test
    void everyServiceHasOneAbsolutePublicEndpointUnderTheBaseUrl() {
        ServiceCatalog catalog = new ServiceCatalog(URI.create("https://cloud.example.com:8443/"), "RegionOne");
        assertThat(catalog.services()).extracting(ServiceCatalog.Service::type)
                .containsExactly("identity", "compute", "image", "network", "block-storage", "volumev3");
        assertThat(catalog.services()).allSatisfy(s -> {
            assertThat(s.endpoints()).hasSize(1);
            assertThat(s.endpoints().get(0).interfaceName()).isEqualTo("public");
            assertThat(s.endpoints().get(0).url()).startsWith("https://cloud.example.com:8443/").doesNotContain("//identity");
        });
        assertThat(catalog.services().get(1).endpoints().get(0).url()).isEqualTo("https://cloud.example.com:8443/compute/v2.1");
    }

    @Test
    void idsAreStableAcrossInstances() {
        ServiceCatalog a = new ServiceCatalog(URI.create("http://a:1"), "R");
        ServiceCatalog b = new ServiceCatalog(URI.create("http://b:2"), "R");
        assertThat(a.services()).extracting(ServiceCatalog.Service::id)
                .isEqualTo(b.services().stream().map(ServiceCatalog.Service::id).toList())
                .doesNotHaveDuplicates();
    }
}
