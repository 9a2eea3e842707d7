import { Anchor, Card, Container, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { PublicClinic } from '../../../contracts/admin.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { addressLines } from '../../../domain/address.ts';

/** `tel:` wants the digits (and a leading +) only. */
const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

function hasContact(c: PublicClinic): boolean {
  return !!(c.address || c.phone || c.email);
}

/**
 * "Contact": how to reach the clinic(s) on this server, from the public clinic list (name, address,
 * phone, email; nothing else). Nothing is shown while it loads or when no clinic has published any.
 */
export function ClinicContact() {
  const clinics = useApiGet<Results<PublicClinic>>('/api/v1/clinics');
  const list = (clinics.data?.results ?? []).filter(hasContact);
  if (list.length === 0) return null;
  return (
    <section id="contact" className="landing-section" aria-labelledby="contact-title">
      <Container size="lg">
        <Title order={2} id="contact-title" mb="lg">
          Contact
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
          {list.map((c) => (
            <Card
              key={c.id}
              withBorder
              padding="lg"
              radius="md"
              component="address"
              className="landing-contact"
            >
              <Stack gap={6}>
                <Title order={3} size="h4">
                  {c.name}
                </Title>
                {c.address ? (
                  <Text>
                    {addressLines(c.address).map((l, i) => (
                      <span key={i} style={{ display: 'block' }}>
                        {l}
                      </span>
                    ))}
                  </Text>
                ) : null}
                {c.phone ? (
                  <Text>
                    Phone: <Anchor href={telHref(c.phone)}>{c.phone}</Anchor>
                  </Text>
                ) : null}
                {c.email ? (
                  <Text style={{ overflowWrap: 'anywhere' }}>
                    Email: <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor>
                  </Text>
                ) : null}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </Container>
    </section>
  );
}
