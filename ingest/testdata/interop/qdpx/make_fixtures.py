#!/usr/bin/env python3
"""Writes the constructed REFI-QDA fixtures of this folder (python3 make_fixtures.py): each one a case
reported against Gloss's importer, written the way the named tool writes it. Only the standard library;
the zip entries carry a fixed date so the files are the same at every run."""
import zipfile

NS = 'xmlns="urn:QDA-XML:project:1.0"'
U_CP = "39633935-3331-3962-6632-373436373264"
U_AB = "0b6b1a53-8a63-4c1e-9d3d-6f0d8f5d1a01"
C1 = "a1000000-0000-4000-8000-000000000001"
C2 = "a1000000-0000-4000-8000-000000000002"
C3 = "a1000000-0000-4000-8000-000000000003"
TEXT = "The council voted 7 to 2 to close the library branch. Residents said they were not asked.\n"


def write(name, qde, files=None):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("project.qde", date_time=(2024, 1, 1, 0, 0, 0))
        z.writestr(info, '<?xml version="1.0" encoding="utf-8"?>\n' + qde, zipfile.ZIP_DEFLATED)
        for path, body in (files or {}).items():
            z.writestr(zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)


USERS = f'<Users><User guid="{U_CP}" name="cp"/><User guid="{U_AB}" name="ab"/></Users>'
CODES = (f'<CodeBook><Codes><Code guid="{C1}" name="Process" isCodable="true" color="#aa0000">'
         f'<Code guid="{C2}" name="Consultation" isCodable="true"/></Code>'
         f'<Code guid="{C3}" name="Outcome" isCodable="true" color="#00f"/></Codes></CodeBook>')


def sel(guid, start, end, *codings, user=None, extra=""):
    u = f' creatingUser="{user}"' if user else ""
    cs = "".join(f'<Coding guid="{g}" creatingUser="{cu}"><CodeRef targetGUID="{c}"/></Coding>' for g, c, cu in codings)
    return f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}"{u}>{extra}{cs}</PlainTextSelection>'


# qualitative-coding 1.3 and a team: bare plainTextPath (sources/board.txt), relative:// against
# basePath, an absolute path (refused, named), and one selection coded by two coders.
write("paths-and-coders.qdpx", f'''<Project {NS} name="paths" origin="qc 1.3.2" basePath="media">{USERS}{CODES}<Sources>
<TextSource guid="b0000000-0000-4000-8000-000000000001" plainTextPath="board.txt">
{sel("c0000000-0000-4000-8000-000000000001", 4, 11, ("d0000000-0000-4000-8000-000000000001", C1, U_CP), ("d0000000-0000-4000-8000-000000000002", C1, U_AB))}
{sel("c0000000-0000-4000-8000-000000000002", 55, 89, ("d0000000-0000-4000-8000-000000000003", C2, U_CP))}
</TextSource>
<TextSource guid="b0000000-0000-4000-8000-000000000002" name="Minutes.txt" plainTextPath="relative://minutes.txt">
{sel("c0000000-0000-4000-8000-000000000003", 0, 3, ("d0000000-0000-4000-8000-000000000004", C3, U_AB))}
</TextSource>
<TextSource guid="b0000000-0000-4000-8000-000000000003" name="Elsewhere" plainTextPath="absolute:///home/cp/elsewhere.txt"/>
</Sources></Project>''', {"sources/board.txt": TEXT, "media/minutes.txt": "Minutes of the meeting of 3 May.\n"})

# Notes of every kind, as QualCoder 3.x and MAXQDA write them.
write("notes-every-kind.qdpx", f'''<Project {NS} name="notes" origin="QualCoder 3.6">{USERS}<CodeBook><Codes>
<Code guid="{C1}" name="Process" isCodable="true"><NoteRef targetGUID="e0000000-0000-4000-8000-000000000006"/></Code></Codes></CodeBook>
<Sources><TextSource guid="b0000000-0000-4000-8000-000000000001" name="Council.txt" plainTextPath="internal://b0000000-0000-4000-8000-000000000001.txt" creatingUser="{U_CP}">
<Description>Source memo: transcribed from the audio.</Description>
{sel("c0000000-0000-4000-8000-000000000001", 4, 11, ("d0000000-0000-4000-8000-000000000001", C1, U_CP), user=U_CP, extra="<Description>Coding memo.</Description>")}
{sel("c0000000-0000-4000-8000-000000000002", 54, 63, user=U_AB).replace("</PlainTextSelection>", '<NoteRef targetGUID="e0000000-0000-4000-8000-000000000005"/></PlainTextSelection>')}
<NoteRef targetGUID="e0000000-0000-4000-8000-000000000001"/>
<NoteRef targetGUID="e0000000-0000-4000-8000-000000000002"/>
</TextSource></Sources>
<Notes>
<Note guid="e0000000-0000-4000-8000-000000000001" name="Document memo" creatingUser="{U_CP}"><PlainTextContent>A second memo on the source.</PlainTextContent></Note>
<Note guid="e0000000-0000-4000-8000-000000000002" modifyingUser="{U_AB}" modifiedDateTime="2021-01-15T23:37:54Z"><PlainTextContent>Annotation: who is "they"?</PlainTextContent><PlainTextSelection guid="f0000000-0000-4000-8000-000000000001" startPosition="54" endPosition="63"/></Note>
<Note guid="e0000000-0000-4000-8000-000000000003" name="Journal: week 1" plainTextPath="internal://e0000000-0000-4000-8000-000000000003.txt" creatingUser="{U_CP}" creationDateTime="2024-01-02T10:00:00Z"><Description/></Note>
<Note guid="e0000000-0000-4000-8000-000000000004" name="Method"><PlainTextContent>We code line by line.</PlainTextContent></Note>
<Note guid="e0000000-0000-4000-8000-000000000005" name="Selection note"><PlainTextContent>Check the residents' petition.</PlainTextContent></Note>
<Note guid="e0000000-0000-4000-8000-000000000006" name="Code memo"><PlainTextContent>How the decision was made.</PlainTextContent></Note>
</Notes>
<Description>Project memo: library closures in 2024.</Description>
<NoteRef targetGUID="e0000000-0000-4000-8000-000000000004"/>
</Project>''', {"sources/b0000000-0000-4000-8000-000000000001.txt": TEXT,
                "sources/e0000000-0000-4000-8000-000000000003.txt": "First week: read all transcripts.\n"})

# ATLAS.ti 23 and MAXQDA 2022: a PDF source with its plain-text Representation (coded), two pictures and
# an audio source, a nameless source titled by its file, an empty source, case attributes.
write("sources-every-kind.qdpx", f'''<Project {NS} name="media" origin="ATLAS.ti 23.1">{USERS}{CODES}
<Variables><Variable guid="70000000-0000-4000-8000-000000000001" name="Date" typeOfVariable="Date"/>
<Variable guid="70000000-0000-4000-8000-000000000002" name="Outlet" typeOfVariable="Text"/>
<Variable guid="70000000-0000-4000-8000-000000000003" name="Age group" typeOfVariable="Text"/></Variables>
<Sources>
<PDFSource guid="b0000000-0000-4000-8000-000000000010" name="Report.pdf" path="internal://b0000000-0000-4000-8000-000000000010.pdf">
<Representation guid="b0000000-0000-4000-8000-000000000011" name="Representation_for_Report.pdf" plainTextPath="internal://b0000000-0000-4000-8000-000000000011.txt">
{sel("c0000000-0000-4000-8000-000000000010", 0, 10, ("d0000000-0000-4000-8000-000000000010", C3, U_CP), user=U_CP)}
</Representation>
<PDFSelection guid="c0000000-0000-4000-8000-000000000011" page="1" firstX="0" firstY="0" secondX="10" secondY="10"><Coding guid="d0000000-0000-4000-8000-000000000011"><CodeRef targetGUID="{C1}"/></Coding></PDFSelection>
</PDFSource>
<PictureSource guid="b0000000-0000-4000-8000-000000000020" name="Poster.jpg" path="internal://b0000000-0000-4000-8000-000000000020.jpg"/>
<PictureSource guid="b0000000-0000-4000-8000-000000000021" name="Flyer.png" path="internal://b0000000-0000-4000-8000-000000000021.png"/>
<AudioSource guid="b0000000-0000-4000-8000-000000000022" name="Interview.m4a" path="relative://Interview.m4a"/>
<TextSource guid="b0000000-0000-4000-8000-000000000030" plainTextPath="internal://interview-07.txt">
<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000001"/><DateValue>2024-03-05</DateValue></VariableValue>
<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000002"/><TextValue>Local Gazette</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000003"/><TextValue>30-40</TextValue></VariableValue>
</TextSource>
<TextSource guid="b0000000-0000-4000-8000-000000000031" name="b0000000-0000-4000-8000-000000000031" plainTextPath="internal://b0000000-0000-4000-8000-000000000031.txt"/>
</Sources></Project>''', {"sources/b0000000-0000-4000-8000-000000000011.txt": "Annual report of the library service, 2023.\n",
                "sources/b0000000-0000-4000-8000-000000000010.pdf": "%PDF-1.4 not a real pdf\n",
                "sources/interview-07.txt": "I have used the branch every week since 1990.\n",
                "sources/b0000000-0000-4000-8000-000000000031.txt": "\ufeff"})

# ATLAS.ti with nothing Gloss can import: users, an empty codebook folder and one picture.
write("atlas-nothing-importable.qdpx", f'''<Project {NS} name="nothing" origin="ATLAS.ti 22.0">{USERS}
<Sources><PictureSource guid="b0000000-0000-4000-8000-000000000040" name="Map.png" path="internal://b0000000-0000-4000-8000-000000000040.png"/></Sources></Project>''')

# NVivo 14 and MAXQDA 2022: an audio source with its transcript (selections by sync points), an
# annotation as a Note linked to its selection (Links), attributes kept as a case of the source, a
# source whose text is only in a .docx, and a set (not imported, reported).
write("transcript-links-cases.qdpx", f'''<Project {NS} name="nvivo" origin="NVivo 14.23.0">{USERS}{CODES}
<Variables><Variable guid="70000000-0000-4000-8000-000000000011" name="URL" typeOfVariable="Text"/>
<Variable guid="70000000-0000-4000-8000-000000000012" name="Author" typeOfVariable="Text"/></Variables>
<Cases><Case guid="80000000-0000-4000-8000-000000000001" name="">
<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000011"/><TextValue>https://gazette.example/closure</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000012"/><TextValue>Kim Lee; Ravi Patel</TextValue></VariableValue>
<SourceRef targetGUID="b0000000-0000-4000-8000-000000000051"/></Case></Cases>
<Sources>
<AudioSource guid="b0000000-0000-4000-8000-000000000050" name="Interview 3.m4a" path="internal://b0000000-0000-4000-8000-000000000050.m4a">
<Transcript guid="b0000000-0000-4000-8000-000000000052" plainTextPath="internal://b0000000-0000-4000-8000-000000000052.txt">
<SyncPoint guid="90000000-0000-4000-8000-000000000001" timeStamp="0" position="0"/>
<SyncPoint guid="90000000-0000-4000-8000-000000000002" timeStamp="4000" position="24"/>
<TranscriptSelection guid="c0000000-0000-4000-8000-000000000050" fromSyncPoint="90000000-0000-4000-8000-000000000001" toSyncPoint="90000000-0000-4000-8000-000000000002" creatingUser="{U_AB}">
<Coding guid="d0000000-0000-4000-8000-000000000050" creatingUser="{U_AB}"><CodeRef targetGUID="{C2}"/></Coding></TranscriptSelection>
</Transcript>
<AudioSelection guid="c0000000-0000-4000-8000-000000000051" begin="0" end="4000"><Coding guid="d0000000-0000-4000-8000-000000000051"><CodeRef targetGUID="{C3}"/></Coding></AudioSelection>
</AudioSource>
<TextSource guid="b0000000-0000-4000-8000-000000000051" name="Closure story" plainTextPath="internal://b0000000-0000-4000-8000-000000000051.txt">
{sel("c0000000-0000-4000-8000-000000000052", 4, 11, ("d0000000-0000-4000-8000-000000000052", C1, U_CP), user=U_CP)}
</TextSource>
<TextSource guid="b0000000-0000-4000-8000-000000000053" name="Letter" richTextPath="internal://b0000000-0000-4000-8000-000000000053.docx"/>
</Sources>
<Notes><Note guid="e0000000-0000-4000-8000-000000000050" name="Annotation" plainTextPath="internal://e0000000-0000-4000-8000-000000000050.txt"/></Notes>
<Links><Link guid="a0000000-0000-4000-8000-000000000050" originGUID="e0000000-0000-4000-8000-000000000050" targetGUID="c0000000-0000-4000-8000-000000000052"/></Links>
<Sets><Set guid="a0000000-0000-4000-8000-000000000060" name="Wave 1"><MemberSource targetGUID="b0000000-0000-4000-8000-000000000051"/></Set></Sets>
</Project>''', {"sources/b0000000-0000-4000-8000-000000000052.txt": "We heard it on the radio first.\n",
                "sources/b0000000-0000-4000-8000-000000000051.txt": TEXT,
                "sources/b0000000-0000-4000-8000-000000000053.docx": "PK not really a docx",
                "sources/e0000000-0000-4000-8000-000000000050.txt": "NVivo annotation: the vote count is disputed.\n"})
