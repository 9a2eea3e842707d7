import {
  Anchor,
  Badge,
  Box,
  Burger,
  Button,
  Card,
  Container,
  Drawer,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ClinicContact } from './ClinicContact';
import { Brand } from '../../components/Brand';
import { usePageTitle } from '../../components/usePageTitle';

function Feature({ title, children, badge }: { title: string; children: ReactNode; badge?: string }) {
  return (
    <Card withBorder padding="lg" radius="md" className="landing-card">
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        {badge ? (
          <Badge color="amber" variant="light" tt="none">
            {badge}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" lh={1.6}>
        {children}
      </Text>
    </Card>
  );
}

function Cite({ n }: { n: number }) {
  return (
    <sup>
      <Anchor href={`#source-${n}`} aria-label={`source ${n}`}>
        {n}
      </Anchor>
    </sup>
  );
}

const SECTIONS = [
  { href: '/learn', label: 'Learn about OMT' },
  { href: '#patients', label: 'For patients' },
  { href: '#clinics', label: 'For clinics' },
  { href: '#contact', label: 'Contact' },
];

/** The phone menu: a burger that opens a drawer with the same links (Mantine's Drawer traps focus). */
function PhoneMenu() {
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <>
      <Burger
        hiddenFrom="sm"
        opened={opened}
        onClick={toggle}
        size="sm"
        aria-label={opened ? 'Close the menu' : 'Open the menu'}
        aria-expanded={opened}
        aria-controls="landing-menu"
      />
      <Drawer
        id="landing-menu"
        opened={opened}
        onClose={close}
        position="right"
        size="xs"
        title="Menu"
        hiddenFrom="sm"
        closeButtonProps={{ 'aria-label': 'Close the menu' }}
      >
        <Stack gap="md" component="nav" aria-label="Menu">
          {SECTIONS.map((s) => (
            <Anchor key={s.href} href={s.href} c="dark" size="lg" onClick={close}>
              {s.label}
            </Anchor>
          ))}
          <Button component={Link} to="/login" onClick={close}>
            Sign in
          </Button>
        </Stack>
      </Drawer>
    </>
  );
}

export function LandingPage() {
  usePageTitle('Osteopathic care, carefully documented');
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Box component="header" className="landing-header">
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="nowrap">
            <Brand />
            <Group gap="sm" wrap="nowrap">
              <Group gap="lg" visibleFrom="sm" component="nav" aria-label="Main">
                {SECTIONS.map((s) => (
                  <Anchor key={s.href} href={s.href} c="dark" underline="hover">
                    {s.label}
                  </Anchor>
                ))}
              </Group>
              <Button component={Link} to="/login">
                Sign in
              </Button>
              <PhoneMenu />
            </Group>
          </Group>
        </Container>
      </Box>

      <main id="main" tabIndex={-1}>
        <section className="landing-hero" aria-labelledby="hero-title">
          <Container size="lg">
            <Stack gap="lg" maw={760}>
              <Text fw={600} c="sage.8" tt="uppercase" size="sm" lts={1}>
                Open-source software for osteopathic care
              </Text>
              <Title order={1} id="hero-title">
                Gentle, hands-on care, documented with the same care
              </Title>
              <Text className="landing-lead">
                Stillpoint helps people understand osteopathic manipulative treatment (OMT) before they book,
                and helps osteopathic clinics treat safely, chart in minutes and report honest results.
              </Text>
              <Group gap="sm">
                <Button component="a" href="/learn" size="md">
                  Learn about OMT
                </Button>
                <Button component="a" href="/self-check" size="md" variant="light">
                  Is OMT right for me?
                </Button>
                <Button component={Link} to="/login" size="md" variant="default">
                  Sign in to your clinic
                </Button>
              </Group>
            </Stack>
          </Container>
        </section>

        <section id="what-is-omt" className="landing-section" aria-labelledby="omt-title">
          <Container size="lg">
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
              <Stack gap="md" className="landing-prose">
                <Title order={2} id="omt-title">
                  What is OMT?
                </Title>
                <Text>
                  Osteopathic manipulative treatment is hands-on care given by osteopathic physicians (DOs):
                  fully licensed doctors who have extra training in the muscles, joints and bones and the
                  connective tissue around them, called fascia.
                </Text>
                <Text>
                  A DO first asks about your health and examines how you move. With their hands they look for
                  areas that are tight, tender or not moving well, then use gentle pressure, stretching,
                  holding a comfortable position, or asking you to push lightly against their hand, so those
                  areas can move more freely. Most techniques are slow and gentle; a few use a quick, small
                  movement, and you can always ask for a gentler approach.
                </Text>
                <Text>
                  In research studies, people usually had three to six sessions over four to eight weeks. Some
                  soreness for a day or two afterwards is common; serious complications are rare.
                </Text>
              </Stack>

              <Card withBorder radius="md" padding="lg" component="aside" aria-labelledby="evidence-title">
                <Stack gap="sm">
                  <Title order={3} size="h4" id="evidence-title">
                    What the evidence says
                  </Title>
                  <Text size="sm" lh={1.65}>
                    The evidence is best for <strong>low back pain</strong>. In the largest US trial, 455
                    adults with chronic low back pain who had OMT were about 1.4 times as likely as those who
                    had a sham treatment to get at least a 30% reduction in pain after 12 weeks
                    <Cite n={1} />. Back-related function did not clearly improve in that trial.
                  </Text>
                  <Text size="sm" lh={1.65}>
                    Reviews of several trials found modest pain relief for low back pain
                    <Cite n={2} /> and for chronic <strong>neck pain</strong>
                    <Cite n={3} />. Some newer trials found little or no difference from sham treatment
                    <Cite n={4} />, so results vary from person to person.
                  </Text>
                  <Text size="sm" lh={1.65}>
                    OMT is one option alongside exercise and other care, not a cure-all. We make no claims for
                    conditions outside muscles and joints.
                  </Text>
                  <Title order={4} size="h6" mt="xs">
                    Sources
                  </Title>
                  <Box component="ol" className="sources" fz="xs" pl="lg" m={0}>
                    <li id="source-1">
                      Licciardone JC et al. OSTEOPATHIC Health Outcomes in Chronic Low Back Pain trial. Ann
                      Fam Med 2013;11(2):122–129.{' '}
                      <Anchor href="https://clinicaltrials.gov/study/NCT00315120" fz="xs">
                        NCT00315120
                      </Anchor>
                    </li>
                    <li id="source-2">
                      Franke H, Franke JD, Fryer G. OMT for nonspecific low back pain: systematic review and
                      meta-analysis. BMC Musculoskelet Disord 2014;15:286.{' '}
                      <Anchor href="https://link.springer.com/article/10.1186/1471-2474-15-286" fz="xs">
                        Article
                      </Anchor>
                    </li>
                    <li id="source-3">
                      Franke H, Franke JD, Fryer G. OMT for chronic nonspecific neck pain: systematic review
                      and meta-analysis. Int J Osteopath Med 2015;18(4):255–267.
                    </li>
                    <li id="source-4">
                      Nguyen C et al. Osteopathic manipulation vs sham for low back pain: randomized clinical
                      trial. JAMA Intern Med 2021.{' '}
                      <Anchor href="https://pmc.ncbi.nlm.nih.gov/articles/PMC7961471" fz="xs">
                        Article
                      </Anchor>
                    </li>
                  </Box>
                </Stack>
              </Card>
            </SimpleGrid>

            <Card withBorder radius="md" padding="lg" mt="xl" bg="gray.0">
              <Title order={3} size="h4" mb="xs">
                Is OMT right for me?
              </Title>
              <Text size="sm" lh={1.65}>
                Tell the doctor if you take blood thinners, have osteoporosis, are pregnant, or have had
                recent surgery, a fracture or cancer: some techniques are then avoided or adapted. Get urgent
                medical care instead of manual treatment for new leg weakness, numbness around the groin, or
                loss of bladder or bowel control.
              </Text>
              <Anchor href="/self-check" size="sm" fw={600} mt="xs" display="inline-block">
                Take the two-minute self-check
              </Anchor>
            </Card>
          </Container>
        </section>

        <section
          id="patients"
          className="landing-section landing-section--tinted"
          aria-labelledby="patients-title"
        >
          <Container size="lg">
            <Title order={2} id="patients-title" mb="xs">
              For patients
            </Title>
            <Text mb="lg" maw={640}>
              Understand the treatment, find a doctor who actually offers it, and book a visit of the right
              length.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
              <Feature title="Learn">
                Plain-language guides on what happens at a visit, how to prepare, aftercare and the evidence,
                each with its sources. Start with <Anchor href="/learn">the OMT library</Anchor>.
              </Feature>
              <Feature title="Find a DO">
                Search osteopathic physicians who offer OMT, with their board certification, languages,
                insurance, distance and next free time.{' '}
                <Anchor component={Link} to="/find-a-do">
                  Find a DO near you
                </Anchor>
                .
              </Feature>
              <Feature title="Book">
                Book online with the right visit length, get reminders, fill in forms beforehand and see your
                progress in your own record.{' '}
                <Anchor component={Link} to="/book">
                  Book a visit
                </Anchor>
                .
              </Feature>
            </SimpleGrid>
            <Card withBorder radius="md" padding="lg" mt="lg">
              <Title order={3} size="h4" mb="xs">
                Questions to ask a DO
              </Title>
              <List size="sm" spacing={6}>
                <List.Item>Do you offer OMT regularly, and for problems like mine?</List.Item>
                <List.Item>
                  Are you board certified in neuromusculoskeletal medicine / osteopathic manipulative medicine
                  (C-NMM/OMM)?
                </List.Item>
                <List.Item>How many visits do you expect, and how will we know it is helping?</List.Item>
                <List.Item>
                  Is it covered by my insurance, and what does a visit cost if I pay myself?
                </List.Item>
              </List>
            </Card>
          </Container>
        </section>

        <section id="clinics" className="landing-section" aria-labelledby="clinics-title">
          <Container size="lg">
            <Title order={2} id="clinics-title" mb="xs">
              For clinics
            </Title>
            <Text mb="lg" maw={640}>
              Built around the reasons OMT is hard to offer: too little time per visit, complex scheduling and
              billing that gets denied.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
              <Feature title="Charting on a body map">
                Record findings region by region (tissue texture, asymmetry, restriction, tenderness) and the
                techniques used. The note and the CPT and ICD-10-CM codes follow from what you charted.
              </Feature>
              <Feature title="Safety checks">
                Every planned technique is checked against the patient&apos;s conditions and flags, per body
                region, and each rule names its source. Nothing contraindicated is allowed silently.
              </Feature>
              <Feature title="Scheduling">
                Visit types with OMT-length durations and buffers, availability in each practitioner&apos;s
                time zone, and a waitlist that fills cancellations.
              </Feature>
              <Feature title="Privacy by default">
                Roles, two-step sign-in, an audit trail of every access to patient data, and emergency access
                that is time-limited and conspicuously audited.
              </Feature>
              <Feature title="Honest outcomes">
                Pain and function scores over time, with responder rates and confidence intervals beside the
                published evidence.
              </Feature>
              <Feature title="Open source">
                Run it yourself: one command on an embedded database, PostgreSQL in production, standard FHIR
                R4 for your data.
              </Feature>
            </SimpleGrid>
            <Group mt="xl">
              <Button component={Link} to="/login" size="md">
                Sign in
              </Button>
            </Group>
          </Container>
        </section>
        <ClinicContact />
      </main>

      <footer className="landing-footer">
        <Container size="lg">
          <Stack gap={6}>
            <Text size="sm">
              Stillpoint is open-source software (AGPL-3.0-or-later). It does not give medical advice: talk to
              a doctor about your own health.
            </Text>
            <Group gap="md">
              <Anchor component={Link} to="/login" size="sm">
                Sign in
              </Anchor>
              <Anchor href="/api/docs" size="sm">
                API documentation
              </Anchor>
            </Group>
          </Stack>
        </Container>
      </footer>
    </>
  );
}
